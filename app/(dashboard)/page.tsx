import { Suspense } from "react";
import { redirect } from "next/navigation";
import { getLandingPath } from "@/lib/notifications/get-landing-path";
import { requirePage } from "@/lib/auth/require-page";
import { PageHeader } from "@/components/ui/page-header";
import { OverviewDashboard } from "@/components/overview/overview-dashboard";
import { TableSkeleton } from "@/components/ui/skeleton";
import { ViewsMenu } from "@/components/saved-views/views-menu";

export const metadata = { title: "Overview" };

export default async function OverviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePage("/");
  // Right after sign-in, a reviewer-only user with requests waiting lands on the queue.
  const landing = (await searchParams).from === "sign-in" ? await getLandingPath(user) : null;
  if (landing) redirect(landing);
  return (
    <>
      <PageHeader
        title="Overview"
        description="MCP tool traffic at a glance: volume, failures, latency, spend and risk. Updates live."
        actions={
          <Suspense fallback={null}>
            <ViewsMenu page="overview" />
          </Suspense>
        }
      />
      <Suspense fallback={<TableSkeleton rows={8} />}>
        <OverviewDashboard canReadAlerts={user.permissions.includes("alerts:read")} />
      </Suspense>
    </>
  );
}
