import { Suspense } from "react";
import { requirePage } from "@/lib/auth/require-page";
import { PageHeader } from "@/components/ui/page-header";
import { TableSkeleton } from "@/components/ui/skeleton";
import { ApprovalsWorkspace } from "@/components/approvals/approvals-workspace";

export const metadata = { title: "Approvals" };

export default async function ApprovalsPage() {
  const user = await requirePage("/approvals");
  return (
    <>
      <PageHeader title="Approvals" description="Risky tool calls waiting for a person. No answer means no." />
      <Suspense fallback={<TableSkeleton />}>
        <ApprovalsWorkspace canDecide={user.permissions.includes("approvals:decide")} canEditRules={user.permissions.includes("approval_rules:write")} />
      </Suspense>
    </>
  );
}
