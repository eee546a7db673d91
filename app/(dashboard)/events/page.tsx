import { requirePage } from "@/lib/auth/require-page";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata = { title: "Events" };

export default async function EventsPage() {
  await requirePage("/events");
  return (
    <>
      <PageHeader title="Events" description="Every tool call your gateways reported." />
      <EmptyState title="Nothing here yet" />
    </>
  );
}
