"use client";
import Link from "next/link";
import { useState } from "react";
import type { PrecedentView } from "@/lib/approvals/precedent-schema";
import { ErrorBox } from "@/components/ui/error-box";
import { Skeleton } from "@/components/ui/skeleton";
import { TimeText } from "@/components/ui/time-text";
import { UntrustedText } from "@/components/ui/untrusted-text";
import { ApprovalStatusBadge } from "./approval-status-badge";
import { usePrecedents, type PrecedentFilter } from "./use-precedent-queries";

const FILTERS: { id: PrecedentFilter; label: string }[] = [
  { id: "any", label: "All similar" },
  { id: "tool", label: "Same tool" },
  { id: "user", label: "Same user" },
  { id: "rule", label: "Same rule" },
];
const MATCH_LABEL = { tool: "same tool", user: "same user", rule: "same rule" } as const;

/** Similar past decisions — same tool, user or rule — with outcome, reviewer and reason; each opens in History. */
export function PrecedentList({ approvalId }: { approvalId: string }) {
  const [by, setBy] = useState<PrecedentFilter>("any");
  const q = usePrecedents(approvalId, by);
  const items = q.data?.pages.flatMap((p) => p.precedents) ?? [];
  return (
    <section aria-label="Similar past decisions" data-testid="precedents">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="label">Similar past decisions</h3>
        <div role="group" aria-label="Which past decisions" className="flex gap-1">
          {FILTERS.map((f) => (
            <button
              key={f.id}
              type="button"
              aria-pressed={by === f.id}
              onClick={() => setBy(f.id)}
              className={`rounded border px-2 py-0.5 text-xs ${by === f.id ? "border-indigo-500 bg-indigo-50 text-indigo-800" : "border-slate-300 text-slate-600 hover:bg-slate-50"}`}
            >
              {f.label}
            </button>
          ))}
        </div>
      </div>
      {q.isPending ? (
        <Skeleton className="mt-2 h-12 w-full" />
      ) : q.error ? (
        <ErrorBox error={q.error} />
      ) : items.length === 0 ? (
        <p className="mt-1 text-sm text-slate-500" data-testid="precedents-empty">
          No decided request {by === "any" ? "with the same tool, user or rule" : `with the ${MATCH_LABEL[by]}`} yet.
        </p>
      ) : (
        <ul className="mt-1 divide-y divide-slate-100 rounded-md border border-slate-200">
          {items.map((p) => (
            <PrecedentItem key={p.id} p={p} />
          ))}
        </ul>
      )}
      {q.hasNextPage && (
        <button type="button" className="btn mt-2 text-xs" disabled={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()}>
          {q.isFetchingNextPage ? "Loading…" : "Show older"}
        </button>
      )}
    </section>
  );
}

function PrecedentItem({ p }: { p: PrecedentView }) {
  return (
    <li className="p-2 text-sm" data-testid={`precedent-${p.id}`}>
      <div className="flex flex-wrap items-center gap-2">
        <ApprovalStatusBadge status={p.status} />
        <Link href={`/approvals?tab=history&id=${p.id}`} className="font-medium text-indigo-700 hover:underline">
          <UntrustedText value={p.tool} /> <span className="font-normal text-slate-500">on <UntrustedText value={p.server} /></span>
        </Link>
        <span className="text-xs text-slate-600">
          for <UntrustedText value={p.userId} />
        </span>
        <span className="text-xs text-slate-500">
          <TimeText value={p.decidedAt} />
        </span>
        {p.matches.map((m) => (
          <span key={m} className="rounded bg-slate-100 px-1 text-[10px] uppercase text-slate-600">
            {MATCH_LABEL[m]}
          </span>
        ))}
      </div>
      {p.status === "expired" ? (
        <p className="text-xs text-slate-600">Expired: nobody decided in time; the gateway refused the call, no person denied it.</p>
      ) : (
        <ul className="text-xs text-slate-700">
          {p.votes.map((v) => (
            <li key={`${v.reviewerEmail}-${v.at}`}>
              <span className={v.decision === "deny" ? "font-medium text-red-700" : "font-medium text-emerald-700"}>{v.decision === "deny" ? "Denied" : "Approved"}</span> by {v.reviewerEmail}
              {v.comment ? (
                <>
                  : “<UntrustedText value={v.comment} />”
                </>
              ) : (
                <span className="text-slate-500"> (no comment)</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
