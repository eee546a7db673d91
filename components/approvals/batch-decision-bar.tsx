"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { apiFetch } from "@/lib/http/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { DashboardApproval } from "@/lib/approvals/dashboard-approval-view";
import type { DecideApprovalsBatchResponse } from "@/lib/approvals/schema";
import { ErrorBox } from "@/components/ui/error-box";
import { UntrustedText } from "@/components/ui/untrusted-text";
import { QUICK_DENY_REASONS } from "./decision-form";

/** Whether the selected requests may be decided together: one server, one tool, one rule. */
export function batchKind(items: DashboardApproval[]): string | null {
  const kinds = new Set(items.map((a) => JSON.stringify([a.server, a.tool, a.ruleId])));
  return kinds.size === 1 ? [...kinds][0] : null;
}

/**
 * Deciding several selected requests with one reason (POST /api/approvals/decisions). They must share
 * tool and rule; approving asks to confirm, denying needs the reason; each is voted, audited and signed
 * on its own, and the outcome of each is reported.
 */
export function BatchDecisionBar({ selected, onDone }: { selected: DashboardApproval[]; onDone: (decidedIds: string[], summary: string) => void }) {
  const qc = useQueryClient();
  const [comment, setComment] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [localError, setLocalError] = useState<string | null>(null);
  const same = batchKind(selected) !== null;
  const decide = useMutation({
    mutationFn: (decision: "approve" | "deny") =>
      apiFetch<DecideApprovalsBatchResponse>("/api/approvals/decisions", { method: "POST", body: { ids: selected.map((a) => a.id), decision, comment: comment.trim() || undefined } }),
    onSuccess: ({ results }) => {
      const ok = results.filter((r) => "status" in r);
      const failed = results.filter((r) => "error" in r);
      setComment("");
      setConfirming(false);
      onDone(
        ok.map((r) => r.id),
        `Batch: ${ok.length} voted${failed.length ? `, ${failed.length} not: ${failed.map((r) => ("error" in r ? r.error.message : "")).join(" ")}` : ""}.`,
      );
    },
    onError: () => setConfirming(false),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.approvals.all }),
  });

  function deny() {
    setLocalError(null);
    if (!comment.trim()) return setLocalError("Give a reason to deny.");
    decide.mutate("deny");
  }

  return (
    <section aria-label="Batch decision" className="card space-y-2 border-indigo-300 p-3 text-sm">
      <p className="font-medium">
        {selected.length} selected
        {same && selected[0] ? (
          <>
            {" "}
            · <UntrustedText value={selected[0].tool} /> on <UntrustedText value={selected[0].server} /> · rule {selected[0].ruleName ?? "default"}
          </>
        ) : null}
      </p>
      {!same ? (
        <p className="text-amber-800">A batch takes requests of one tool under one rule: unselect the others.</p>
      ) : (
        <>
          <div role="group" aria-label="Batch quick reasons" className="flex flex-wrap gap-1 text-xs">
            {QUICK_DENY_REASONS.map((r) => (
              <button key={r} type="button" className="rounded border border-slate-300 px-1.5 py-0.5 text-slate-700 hover:bg-slate-100" onClick={() => setComment(comment.trim() ? `${comment.trim()}; ${r}` : r)}>
                {r}
              </button>
            ))}
          </div>
          <label className="label" htmlFor="batch-comment">
            Reason for all (required to deny; returned to each agent as the tool&apos;s error and audited with each vote)
          </label>
          <textarea
            id="batch-comment"
            className="input min-h-16"
            value={comment}
            maxLength={2000}
            onChange={(e) => {
              setComment(e.target.value);
              if (e.target.value.trim()) setLocalError(null);
            }}
          />
          <ErrorBox error={localError ?? decide.error} />
          {confirming ? (
            <div role="alertdialog" aria-label="Confirm batch approval" className="space-y-2 rounded-md border border-indigo-300 bg-indigo-50 p-2">
              <p>
                Approve {selected.length} requests of <UntrustedText value={selected[0].tool} />? Each is voted, signed and audited on its own.
              </p>
              <div className="flex gap-2">
                <button type="button" className="btn" onClick={() => setConfirming(false)}>
                  Cancel
                </button>
                <button type="button" className="btn btn-primary" autoFocus disabled={decide.isPending} onClick={() => decide.mutate("approve")}>
                  Confirm approve {selected.length}
                </button>
              </div>
            </div>
          ) : (
            <div className="flex gap-2">
              <button type="button" className="btn btn-danger" disabled={decide.isPending} onClick={deny}>
                Deny {selected.length}
              </button>
              <button type="button" className="btn btn-primary" disabled={decide.isPending} onClick={() => setConfirming(true)}>
                Approve {selected.length}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
