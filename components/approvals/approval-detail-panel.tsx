"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { apiFetch } from "@/lib/http/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { ApprovalDetail } from "@/lib/approvals/get-approval-detail";
import { ErrorBox } from "@/components/ui/error-box";
import { Skeleton } from "@/components/ui/skeleton";
import { ApprovalStatusBadge } from "./approval-status-badge";
import { ExpiryCountdown } from "./expiry-countdown";
import { ExtendDeadlineButton } from "./extend-deadline-button";
import { IdentitySourceNote } from "./identity-source-note";
import { isTypingTarget } from "./is-typing-target";
import { JsonTree } from "./json-tree";
import { useApprovalDetail } from "./use-approval-queries";
import { VoteTrail } from "./vote-trail";
import { MASK_PREFIX } from "@/lib/guards/mask-secrets";
import { UntrustedText } from "@/components/ui/untrusted-text";

/** One request in plain words, with everything a reviewer needs to judge it, and the decision form. */
export function ApprovalDetailPanel({ id, canDecide }: { id: string; canDecide: boolean }) {
  const detail = useApprovalDetail(id);
  if (detail.isPending) {
    return (
      <div className="card space-y-3" aria-busy="true">
        <Skeleton className="h-6 w-1/2" />
        <Skeleton className="h-24 w-full" />
      </div>
    );
  }
  if (detail.error) return <ErrorBox error={detail.error} />;
  const a = detail.data.approval;
  return (
    <article className="card space-y-4" aria-label={`Request ${a.tool} on ${a.server}`}>
      <header className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h2 className="text-lg font-semibold">
            <UntrustedText value={a.tool} /> <span className="font-normal text-slate-500">on <UntrustedText value={a.server} /></span>
          </h2>
          <p className="text-sm text-slate-600">
            The agent{a.agent ? " " : ""}
            {a.agent ? <UntrustedText value={a.agent} /> : null} of <strong><UntrustedText value={a.userId} /></strong>
            <IdentitySourceNote source={a.identitySource} />
            {a.team ? " (" : ""}
            {a.team ? <UntrustedText value={a.team} /> : null}
            {a.team ? ")" : ""} wants to call <strong><UntrustedText value={a.tool} /></strong> on the <strong><UntrustedText value={a.server} /></strong> server through gateway{" "}
            <strong>{a.gatewayName}</strong>, with the parameters below.
          </p>
        </div>
        <div className="text-right text-sm">
          <ApprovalStatusBadge status={a.status} />
          {a.status === "pending" && (
            <div className="mt-1">
              expires in <ExpiryCountdown expiresAt={a.expiresAt} />
            </div>
          )}
          {a.status === "pending" && canDecide && a.viewer.teamAllowed && <ExtendDeadlineButton id={a.id} />}
        </div>
      </header>

      <div className="grid gap-3 md:grid-cols-2">
        <section className="rounded-md bg-slate-50 p-3">
          <h3 className="label">What the person asked for</h3>
          <p className="whitespace-pre-wrap text-sm" data-testid="user-goal">{a.userGoal ? <UntrustedText value={a.userGoal} /> : "— not given —"}</p>
        </section>
        <section className="rounded-md bg-slate-50 p-3">
          <h3 className="label">What the agent says it is doing</h3>
          <p className="whitespace-pre-wrap text-sm" data-testid="justification">{a.justification ? <UntrustedText value={a.justification} /> : "— not given —"}</p>
        </section>
      </div>

      <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm md:grid-cols-4">
        <Fact label="Why approval">{a.reason ?? "—"}</Fact>
        <Fact label="Rule">{a.rule ? `${a.rule.name} (${a.rule.serverPattern} / ${a.rule.toolPattern})` : "default (no rule matched)"}</Fact>
        <Fact label="Estimated cost">{a.estimatedCostUsd ? `$${a.estimatedCostUsd}` : "—"}</Fact>
        <Fact label="Risk">
          {a.riskScore ?? "—"}
          {a.riskFlags.map((f) => (
            <span key={f} className="ml-1 rounded bg-red-50 px-1 text-xs text-red-700">
              {f}
            </span>
          ))}
        </Fact>
        <Fact label="Approvals">
          {a.approvals} of {a.requiredApprovals}
        </Fact>
        <Fact label="Reviewer team">{a.reviewerTeam ?? "any"}</Fact>
        <Fact label="Requested">{new Date(a.createdAt).toLocaleString()}</Fact>
        <Fact label="Session">{a.sessionId ?? "—"}</Fact>
      </dl>

      <section>
        <h3 className="label">Parameters</h3>
        {a.params === null ? (
          <p className="text-xs text-slate-500">Not kept: dropped after the retention period (the decision and the hash stay).</p>
        ) : (
          <JsonTree value={a.params} label="Parameters" />
        )}
        {JSON.stringify(a.params ?? null).includes(MASK_PREFIX) && (
          <p className="mt-1 text-xs text-amber-700" data-testid="params-masked-note">
            Detected secrets are shown as <code>{MASK_PREFIX}…]</code>. The gateway runs the full values the hash covers.
          </p>
        )}
        {a.paramsRedactedAt && <p className="mt-1 text-xs text-slate-500">Full values discarded when decided; the masked copy is kept.</p>}
        <p className="mt-1 break-all font-mono text-[11px] text-slate-500">paramsHash {a.paramsHash}</p>
      </section>

      {a.votes.length > 0 && (
        <section>
          <h3 className="label">Votes</h3>
          <VoteTrail votes={a.votes} />
        </section>
      )}

      {a.status === "pending" && <DecisionForm approval={a} canDecide={canDecide} />}

      <section>
        <h3 className="label">Recent calls by {a.userId}</h3>
        {a.recentCalls.length === 0 ? (
          <p className="text-sm text-slate-500">No recorded calls.</p>
        ) : (
          <table className="table" aria-label="Recent calls">
            <thead>
              <tr>
                <th>When</th>
                <th>Tool</th>
                <th>Status</th>
                <th>Cost</th>
              </tr>
            </thead>
            <tbody>
              {a.recentCalls.map((c) => (
                <tr key={c.id}>
                  <td className="whitespace-nowrap text-xs">{new Date(c.ts).toLocaleString()}</td>
                  <td className="text-xs">
                    <UntrustedText value={c.server} /> / <UntrustedText value={c.tool} />
                    {c.riskFlags.map((f) => (
                      <span key={f} className="ml-1 rounded bg-red-50 px-1 text-red-700">
                        {f}
                      </span>
                    ))}
                  </td>
                  <td className="text-xs">{c.status}</td>
                  <td className="text-xs">{c.costUsd ? `$${Number(c.costUsd).toFixed(4)}` : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </article>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="break-words">{children}</dd>
    </div>
  );
}

function DecisionForm({ approval: a, canDecide }: { approval: ApprovalDetail; canDecide: boolean }) {
  const qc = useQueryClient();
  const [comment, setComment] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const decide = useMutation({
    mutationFn: (decision: "approve" | "deny") =>
      apiFetch<{ status: string }>(`/api/approvals/${a.id}/decision`, { method: "POST", body: { decision, comment: comment.trim() || undefined } }),
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

  function submit(decision: "approve" | "deny") {
    setLocalError(null);
    if (blocked || decide.isPending) return;
    if (decision === "approve" && approveBlocked) return setLocalError(approveBlocked);
    if (decision === "deny" && !comment.trim()) {
      setLocalError("Give a reason to deny.");
      return commentRef.current?.focus();
    }
    if (decision === "approve" && a.requireComment && !comment.trim()) {
      setLocalError("This rule requires a comment to approve.");
      return commentRef.current?.focus();
    }
    decide.mutate(decision);
  }
  const submitRef = useRef(submit);
  submitRef.current = submit;

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || e.metaKey || e.ctrlKey || e.altKey || isTypingTarget(e.target)) return;
      if (e.key === "a") submitRef.current("approve");
      else if (e.key === "d") submitRef.current("deny");
      else if (e.key === "c") commentRef.current?.focus();
      else return;
      e.preventDefault();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return (
    <form
      className="space-y-2 rounded-md border border-slate-200 p-3"
      aria-label="Decision"
      onSubmit={(e) => {
        e.preventDefault();
        submit("approve");
      }}
    >
      <label className="label" htmlFor={`comment-${a.id}`}>
        Comment {a.requireComment ? "(required to approve; always required to deny)" : "(required to deny)"}
      </label>
      <textarea
        ref={commentRef}
        id={`comment-${a.id}`}
        className="input min-h-20"
        value={comment}
        maxLength={2000}
        onChange={(e) => setComment(e.target.value)}
        disabled={!!blocked}
      />
      {blocked && <p className="text-sm text-slate-600">{blocked}</p>}
      <ErrorBox error={localError ?? decide.error} />
      {decide.isSuccess && (
        <p role="status" className="text-sm text-emerald-700">
          Vote recorded: {decide.data.status}.
        </p>
      )}
      <div className="flex gap-2">
        <button type="submit" className="btn btn-primary" disabled={!!blocked || !!approveBlocked || decide.isPending}>
          Approve <kbd className="ml-1 rounded bg-indigo-500 px-1 text-[10px]">a</kbd>
        </button>
        <button type="button" className="btn btn-danger" disabled={!!blocked || decide.isPending} onClick={() => submit("deny")}>
          Deny <kbd className="ml-1 rounded bg-red-500 px-1 text-[10px]">d</kbd>
        </button>
      </div>
    </form>
  );
}
