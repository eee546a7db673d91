"use client";
import { useEffect, useState } from "react";
import type { DashboardApproval } from "@/lib/approvals/dashboard-approval-view";
import { TimeText } from "@/components/ui/time-text";

/** "Claimed by X, n min ago" on a queue card and in the detail: someone is on it (advisory). The age ticks. */
export function ClaimBadge({ claim, mine }: { claim: DashboardApproval["claim"]; mine?: boolean }) {
  const [, tick] = useState(0);
  useEffect(() => {
    if (!claim) return;
    const t = setInterval(() => tick((n) => n + 1), 30_000);
    return () => clearInterval(t);
  }, [claim]);
  if (!claim) return null;
  return (
    <span className="inline-flex items-center gap-1 rounded bg-indigo-50 px-1 text-xs text-indigo-800 ring-1 ring-inset ring-indigo-200" data-testid="claim-badge">
      Claimed by {mine ? "you" : claim.reviewerEmail}, <TimeText value={claim.at} style="relative" />
    </span>
  );
}
