import { Suspense } from "react";
import { requirePage } from "@/lib/auth/require-page";
import { PageHeader } from "@/components/ui/page-header";
import { TableSkeleton } from "@/components/ui/skeleton";
import { AlertsWorkspace } from "@/components/alerts/alerts-workspace";

export const metadata = { title: "Alerts" };

export default async function AlertsPage() {
  const user = await requirePage("/alerts");
  return (
    <>
      <PageHeader title="Alerts" description="What looks wrong, explained — found by the detectors every minute." />
      <Suspense fallback={<TableSkeleton />}>
        <AlertsWorkspace canEditRules={user.permissions.includes("alert_rules:write")} canEditChannels={user.permissions.includes("channels:write")} />
      </Suspense>
    </>
  );
}
