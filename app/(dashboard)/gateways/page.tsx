import { requirePage } from "@/lib/auth/require-page";
import { PageHeader } from "@/components/ui/page-header";
import { GatewaysAdmin } from "@/components/gateways/gateways-admin";

export const metadata = { title: "Gateways" };

export default async function GatewaysPage() {
  const user = await requirePage("/gateways");
  return (
    <>
      <PageHeader title="Gateways" description="The MCP gateways that report to Warden, and their API keys." />
      {/* Slot for gateway health (issue 4): sparklines per gateway render here, above the registry. */}
      <GatewaysAdmin canWrite={user.permissions.includes("gateways:write")} />
    </>
  );
}
