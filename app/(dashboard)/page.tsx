import { requirePage } from "@/lib/auth/require-page";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata = { title: "Overview" };

export default async function OverviewPage() {
  await requirePage("/");
  return (
    <>
      <PageHeader title="Overview" description="MCP tool traffic at a glance." />
      <EmptyState title="No traffic yet" />
    </>
  );
}
