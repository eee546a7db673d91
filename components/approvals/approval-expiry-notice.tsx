"use client";
import { TimeText } from "@/components/ui/time-text";
import type { DashboardApproval } from "@/lib/approvals/dashboard-approval-view";

/** What expiry handling did to a request: reviewers warned, escalated to a second team, extended once (and why). */
export function ApprovalExpiryNotice({ expiry }: { expiry: DashboardApproval["expiry"] | undefined }) {
  if (!expiry || (!expiry.warnedAt && !expiry.escalatedAt && !expiry.extendedAt)) return null;
  const at = (iso: string) => <TimeText value={iso} />;
  return (
    <ul data-testid="expiry-notice" className="space-y-1 rounded-md bg-amber-50 p-2 text-sm text-amber-900" aria-label="Expiry handling">
      {expiry.warnedAt && <li data-testid="expiry-warned">Reviewers were warned that this request will expire ({at(expiry.warnedAt)}).</li>}
      {expiry.escalatedAt && (
        <li data-testid="expiry-escalated">
          Escalated to team <strong>{expiry.escalatedTo}</strong> ({at(expiry.escalatedAt)}): its reviewers may decide too.
        </li>
      )}
      {expiry.extendedAt && (
        <li data-testid="expiry-extended">
          Deadline extended once ({at(expiry.extendedAt)}): {expiry.extendReason}
        </li>
      )}
    </ul>
  );
}
