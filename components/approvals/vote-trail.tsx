"use client";
import { TimeText } from "@/components/ui/time-text";
import type { DashboardVote } from "@/lib/approvals/dashboard-approval-view";

/** Who voted what, when, with their comment, in order. */
export function VoteTrail({ votes }: { votes: DashboardVote[] }) {
  return (
    <ol className="space-y-1 text-sm" aria-label="Vote trail">
      {votes.map((v) => (
        <li key={v.id} className="flex flex-wrap gap-x-2">
          <span className={v.decision === "approve" ? "font-medium text-emerald-700" : "font-medium text-red-700"}>{v.decision === "approve" ? "✓ approved" : "✗ denied"}</span>
          <span>{v.reviewerName ?? v.reviewerEmail}</span>
          <span className="text-xs text-slate-500"><TimeText value={v.at} /></span>
          {v.comment && <span className="w-full whitespace-pre-wrap pl-4 text-slate-700">“{v.comment}”</span>}
        </li>
      ))}
    </ol>
  );
}
