import { requirePage } from "@/lib/auth/require-page";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata = { title: "Alerts" };

export default async function AlertsPage() {
  await requirePage("/alerts");
  return (
    <>
      <PageHeader title="Alerts" description="What looks wrong, explained." />
      <EmptyState title="Nothing here yet" />
    </>
  );
}
