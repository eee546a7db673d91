import { requirePage } from "@/lib/auth/require-page";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata = { title: "Gateways" };

export default async function GatewaysPage() {
  await requirePage("/gateways");
  return (
    <>
      <PageHeader title="Gateways" description="The MCP gateways that report to Warden, and their API keys." />
      <EmptyState title="Nothing here yet" />
    </>
  );
}
