import { requirePage } from "@/lib/auth/require-page";
import { PageHeader } from "@/components/ui/page-header";
import { GatewaysAdmin } from "@/components/gateways/gateways-admin";
import { GatewayHealthTable } from "@/components/gateways-health/gateway-health-table";

export const metadata = { title: "Gateways" };

export default async function GatewaysPage() {
  const user = await requirePage("/gateways");
  return (
    <>
      <PageHeader title="Gateways" description="The MCP gateways that report to Warden, and their API keys." />
      <section aria-labelledby="gateway-health" className="mb-6">
        <h2 id="gateway-health" className="mb-2 text-sm font-semibold text-slate-700">
          Health
        </h2>
        <GatewayHealthTable />
      </section>
      <GatewaysAdmin canWrite={user.permissions.includes("gateways:write")} />
    </>
  );
}
