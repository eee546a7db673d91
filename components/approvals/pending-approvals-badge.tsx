"use client";
import { useCan } from "@/components/layout/current-user";
import { usePendingApprovalsCount } from "./use-approval-queries";

// Pending approvals count in the navigation, for people who may see the queue. Live: every approvals
// change message refetches it.
export function PendingApprovalsBadge() {
  const allowed = useCan("approvals:read");
  const count = usePendingApprovalsCount(allowed);
  const n = count.data?.pending ?? 0;
  if (!allowed || n === 0) return null;
  return (
    <span className="rounded-full bg-amber-500 px-2 py-0.5 text-xs font-semibold text-white" data-testid="pending-approvals-badge" aria-label={`${n} pending`}>
      {n > 99 ? "99+" : n}
    </span>
  );
}
