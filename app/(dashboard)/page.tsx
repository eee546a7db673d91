import { Suspense } from "react";
import { requirePage } from "@/lib/auth/require-page";
import { PageHeader } from "@/components/ui/page-header";
import { OverviewDashboard } from "@/components/overview/overview-dashboard";
import { TableSkeleton } from "@/components/ui/skeleton";

export const metadata = { title: "Overview" };

export default async function OverviewPage() {
  const user = await requirePage("/");
  return (
    <>
      <PageHeader title="Overview" description="MCP tool traffic at a glance: volume, failures, latency, spend and risk. Updates live." />
      <Suspense fallback={<TableSkeleton rows={8} />}>
        <OverviewDashboard canReadAlerts={user.permissions.includes("alerts:read")} />
      </Suspense>
    </>
  );
}
