import { Suspense } from "react";
import { requirePage } from "@/lib/auth/require-page";
import { PageHeader } from "@/components/ui/page-header";
import { TableSkeleton } from "@/components/ui/skeleton";
import { ToolsInventory } from "@/components/tools/tools-inventory";

export const metadata = { title: "Tools" };

export default async function ToolsPage() {
  const user = await requirePage("/tools");
  return (
    <>
      <PageHeader title="Tools" description="Every MCP server and tool your gateways can reach, with its approved version, trust policy and kill switches." />
      <Suspense fallback={<TableSkeleton />}>
        <ToolsInventory canWrite={user.permissions.includes("inventory:write")} />
      </Suspense>
    </>
  );
}
