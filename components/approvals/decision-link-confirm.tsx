"use client";
import { TimeText } from "@/components/ui/time-text";
import { useState } from "react";
import { apiFetch } from "@/lib/http/api-client";
import { ErrorBox } from "@/components/ui/error-box";
import { UntrustedText } from "@/components/ui/untrusted-text";
import type { DecisionLinkView } from "@/lib/notifications/get-decision-link";

const STATE_TEXT: Record<Exclude<DecisionLinkView["state"], "ready">, string> = {
  used: "This link was already used. Each decision link works once.",
  expired: "This link expired, or the request reached its deadline.",
  decided: "This request is no longer waiting for a decision.",
  not_yours: "This link was sent to another reviewer. Sign in as that reviewer, or open the queue.",
  unknown: "This link is not valid.",
};

/** Confirms the decision a one-time link carries; nothing happens until the reviewer presses the button. */
export function DecisionLinkConfirm({ token, link, reviewerEmail }: { token: string; link: DecisionLinkView; reviewerEmail: string }) {
  const [comment, setComment] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<{ status: string } | null>(null);
  const a = link.approval;
  const verb = link.decision === "deny" ? "Deny" : "Approve";
  const submit = async () => {
    setPending(true);
    setError(null);
    try {
      setDone(await apiFetch<{ status: string }>("/api/approval-links/redeem", { method: "POST", body: { token, ...(comment.trim() ? { comment } : {}) } }));
    } catch (err) {
      setError(err);
    } finally {
      setPending(false);
    }
  };
  return (
    <article className="card space-y-3" aria-label="Confirm a decision">
      <h1 className="text-lg font-semibold">{link.state === "ready" ? `${verb} this request?` : "Decision link"}</h1>
      {a && (
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
          <dt className="label">Tool</dt>
          <dd>
            <UntrustedText value={a.tool} /> on <UntrustedText value={a.server} />
          </dd>
          <dt className="label">For</dt>
          <dd>
            <UntrustedText value={a.userId} />
          </dd>
          {a.userGoal && (
            <>
              <dt className="label">User&apos;s goal</dt>
              <dd className="whitespace-pre-wrap">
                <UntrustedText value={a.userGoal} />
              </dd>
            </>
          )}
          {a.justification && (
            <>
              <dt className="label">Agent says</dt>
              <dd className="whitespace-pre-wrap">
                <UntrustedText value={a.justification} />
              </dd>
            </>
          )}
          <dt className="label">Deadline</dt>
          <dd><TimeText value={a.expiresAt} zoneName /></dd>
        </dl>
      )}
      {a && (
        <p className="text-sm">
          <a className="underline" href={`/approvals?id=${a.id}`}>
            Open the full request in the queue
          </a>
        </p>
      )}
      {done ? (
        <p role="status" data-testid="link-result" className="rounded-md bg-slate-100 p-2 text-sm">
          Your vote ({verb.toLowerCase()}) was recorded as {reviewerEmail}. The request is now {done.status}.
        </p>
      ) : link.state === "ready" ? (
        <form
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <label className="label" htmlFor="link-comment">
            {link.decision === "deny" ? "Reason (required; returned to the agent and audited)" : a?.requireComment ? "Comment (required by the rule)" : "Comment (optional)"}
          </label>
          <textarea id="link-comment" className="input" rows={3} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />
          <p className="text-xs text-slate-500">Signed in as {reviewerEmail}. This link works once; your vote is signed and audited like any other.</p>
          <button type="submit" className={link.decision === "deny" ? "btn btn-danger" : "btn btn-primary"} disabled={pending}>
            {`Confirm: ${verb.toLowerCase()}`}
          </button>
          <ErrorBox error={error} />
        </form>
      ) : (
        <p role="status" data-testid="link-state" className="rounded-md bg-slate-100 p-2 text-sm">
          {STATE_TEXT[link.state]}
        </p>
      )}
    </article>
  );
}
