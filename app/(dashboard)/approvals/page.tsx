import { requirePage } from "@/lib/auth/require-page";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata = { title: "Approvals" };

export default async function ApprovalsPage() {
  await requirePage("/approvals");
  return (
    <>
      <PageHeader title="Approvals" description="Risky tool calls waiting for a person." />
      <EmptyState title="Nothing here yet" />
    </>
  );
}
