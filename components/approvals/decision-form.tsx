"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { apiFetch } from "@/lib/http/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { ApprovalDetail } from "@/lib/approvals/get-approval-detail";
import { ErrorBox } from "@/components/ui/error-box";
import { UntrustedText } from "@/components/ui/untrusted-text";
import { isTypingTarget } from "./is-typing-target";

/** Reasons a reviewer picks with one click; the text box takes anything else. */
export const QUICK_DENY_REASONS = ["Not what the user asked for", "Over budget", "Wrong recipient or target", "Needs more context"] as const;

const DENY_REASON_MISSING = "Give a reason to deny.";

/**
 * The decision form. Keyboard: `c` comment, `d` deny (needs a reason), `a` asks to approve and Enter
 * confirms (Esc takes it back): approving never happens on one key. Esc leaves the comment box, so a
 * shortcut typed next is a shortcut, not text. Tab goes comment → Deny → Approve.
 */
export function DecisionForm({ approval: a, canDecide, onDecided }: { approval: ApprovalDetail; canDecide: boolean; onDecided?: (id: string) => void }) {
  const qc = useQueryClient();
  const [comment, setComment] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const approveRef = useRef<HTMLButtonElement>(null);
  const decide = useMutation({
    mutationFn: (decision: "approve" | "deny") =>
      apiFetch<{ status: string }>(`/api/approvals/${a.id}/decision`, { method: "POST", body: { decision, comment: comment.trim() || undefined } }),
    onSuccess: () => onDecided?.(a.id),
    onError: () => setConfirming(false),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.approvals.all }),
  });
  const blocked = !canDecide
    ? "Your role may view requests but not decide them."
    : a.viewer.alreadyVoted
      ? "You already voted; waiting for other reviewers."
      : !a.viewer.teamAllowed
        ? `Only reviewers of team ${a.reviewerTeam} may decide this request.`
        : null;
  const approveBlocked = a.viewer.ownRequest ? "This is your own request: someone else must approve it." : null;
  const hardBudget = a.budgets?.find((b) => b.mode === "hard" && b.exceeds);

  function askToApprove() {
    setLocalError(null);
    if (blocked || decide.isPending) return;
    if (approveBlocked) return setLocalError(approveBlocked);
    if (a.requireComment && !comment.trim()) {
      setLocalError("This rule requires a comment to approve.");
      return commentRef.current?.focus();
    }
    setConfirming(true);
  }
  function cancelApprove() {
    setConfirming(false);
    approveRef.current?.focus();
  }
  function deny() {
    setLocalError(null);
    setConfirming(false);
    if (blocked || decide.isPending) return;
    if (!comment.trim()) {
      setLocalError(DENY_REASON_MISSING);
      return commentRef.current?.focus();
    }
    decide.mutate("deny");
  }
  const actions = useRef({ askToApprove, deny, cancelApprove, confirming });
  actions.current = { askToApprove, deny, cancelApprove, confirming };

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || e.metaKey || e.ctrlKey || e.altKey || isTypingTarget(e.target)) return;
      const act = actions.current;
      if (act.confirming) {
        // While asked to confirm, only Enter on the focused Confirm button (a native click) or Esc count.
        if (e.key === "Escape") act.cancelApprove();
        else if (e.key !== "a" && e.key !== "d" && e.key !== "c") return;
      } else if (e.key === "a") act.askToApprove();
      else if (e.key === "d") act.deny();
      else if (e.key === "c") commentRef.current?.focus();
      else return;
      e.preventDefault();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  function pickReason(reason: string) {
    const current = comment.trim();
    setComment(current ? `${current}; ${reason}` : reason);
    if (localError === DENY_REASON_MISSING) setLocalError(null);
  }

  const reasonHelpId = `deny-reason-help-${a.id}`;
  return (
    <form
      ref={formRef}
      tabIndex={-1}
      className="space-y-2 rounded-md border border-slate-200 p-3 outline-none"
      aria-label="Decision"
      onSubmit={(e) => {
        e.preventDefault();
        askToApprove();
      }}
    >
      <div role="group" aria-label="Quick reasons" className="flex flex-wrap items-center gap-1 text-xs">
        <span className="text-slate-600">Quick reasons:</span>
        {QUICK_DENY_REASONS.map((r) => (
          <button key={r} type="button" className="rounded border border-slate-300 px-1.5 py-0.5 text-slate-700 hover:bg-slate-100" disabled={!!blocked} onClick={() => pickReason(r)}>
            {r}
          </button>
        ))}
      </div>
      <label className="label" htmlFor={`comment-${a.id}`}>
        Comment {a.requireComment ? "(required to approve; always required to deny)" : "(required to deny)"}
      </label>
      <textarea
        ref={commentRef}
        id={`comment-${a.id}`}
        className="input min-h-20"
        value={comment}
        maxLength={2000}
        aria-describedby={reasonHelpId}
        onChange={(e) => {
          setComment(e.target.value);
          if (e.target.value.trim() && localError) setLocalError(null);
        }}
        onKeyDown={(e) => {
          if (e.key !== "Escape") return;
          e.preventDefault();
          formRef.current?.focus();
        }}
        disabled={!!blocked}
      />
      <p id={reasonHelpId} className="text-xs text-slate-600">
        A deny reason is returned to the agent as the tool&apos;s error (it tells the agent why, so make it useful), and it is kept in the audit log with
        your vote. <kbd className="rounded border px-1">Esc</kbd> leaves this box.
      </p>
      {blocked && <p className="text-sm text-slate-600">{blocked}</p>}
      <ErrorBox error={localError ?? decide.error} />
      {decide.isSuccess && (
        <p role="status" className="text-sm text-emerald-700">
          Vote recorded: {decide.data.status}.
        </p>
      )}
      {confirming && (
        <div
          role="alertdialog"
          aria-label="Confirm approval"
          aria-describedby={`confirm-text-${a.id}`}
          className="space-y-2 rounded-md border border-indigo-300 bg-indigo-50 p-3 text-sm"
          onKeyDown={(e) => {
            if (e.key !== "Escape") return;
            e.preventDefault();
            e.stopPropagation();
            cancelApprove();
          }}
        >
          <p id={`confirm-text-${a.id}`} className="font-medium text-slate-900">
            Approve <UntrustedText value={a.tool} /> on <UntrustedText value={a.server} /> for <UntrustedText value={a.userId} />?
            {a.estimatedCostUsd ? ` Estimated cost $${a.estimatedCostUsd}.` : ""}
          </p>
          {hardBudget && <p className="text-red-700">It would exceed the hard budget “{hardBudget.name}”: the gateway will refuse it anyway.</p>}
          <p className="text-xs text-slate-700">
            <kbd className="rounded border bg-white px-1">Enter</kbd> confirms · <kbd className="rounded border bg-white px-1">Esc</kbd> takes it back
          </p>
          <div className="flex gap-2">
            <button type="button" className="btn" onClick={cancelApprove}>
              Cancel
            </button>
            <button type="button" className="btn btn-primary" autoFocus disabled={decide.isPending} onClick={() => decide.mutate("approve")}>
              Confirm approve
            </button>
          </div>
        </div>
      )}
      <div className="flex gap-2">
        <button type="button" className="btn btn-danger" disabled={!!blocked || decide.isPending} onClick={deny}>
          Deny <kbd className="ml-1 rounded bg-red-500 px-1 text-[10px]">d</kbd>
        </button>
        <button ref={approveRef} type="submit" className="btn btn-primary" disabled={!!blocked || !!approveBlocked || decide.isPending}>
          Approve <kbd className="ml-1 rounded bg-indigo-500 px-1 text-[10px]">a</kbd> then <kbd className="rounded bg-indigo-500 px-1 text-[10px]">Enter</kbd>
        </button>
      </div>
    </form>
  );
}
