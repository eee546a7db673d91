"use client";
import { TimeText } from "@/components/ui/time-text";
import { ErrorBox } from "@/components/ui/error-box";
import { Skeleton } from "@/components/ui/skeleton";
import { ApprovalStatusBadge } from "./approval-status-badge";
import { BudgetLines } from "./budget-lines";
import { DecisionForm } from "./decision-form";
import { ExpiryCountdown } from "./expiry-countdown";
import { ExtendDeadlineButton } from "./extend-deadline-button";
import { ApprovalExpiryNotice } from "./approval-expiry-notice";
import { IdentitySourceNote } from "./identity-source-note";
import { StandingRuleAction } from "./standing-rule-dialog";
import { RiskyParamsTree } from "./risky-params-tree";
import { ClaimControl } from "./claim-control";
import { PrecedentList } from "./precedent-list";
import { RecentCallsLink } from "./recent-calls-link";
import { useApprovalDetail } from "./use-approval-queries";
import { VoteTrail } from "./vote-trail";
import { PhoneDecisionBar } from "./phone-decision-bar";
import { MASK_PREFIX } from "@/lib/guards/mask-secrets";
import { UntrustedText } from "@/components/ui/untrusted-text";

/** One request in plain words, with everything a reviewer needs to judge it, and the decision form. */
export function ApprovalDetailPanel({ id, canDecide, onDecided }: { id: string; canDecide: boolean; onDecided?: (id: string) => void }) {
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
          <ApprovalStatusBadge status={a.status} testId="approval-status" />
          {a.status === "pending" && (
            <div className="mt-1">
              expires in <ExpiryCountdown expiresAt={a.expiresAt} />
            </div>
          )}
          {a.status === "pending" && canDecide && a.viewer.teamAllowed && <ExtendDeadlineButton id={a.id} extendedAt={a.expiry?.extendedAt} />}
          <ClaimControl approval={a} canDecide={canDecide} />
        </div>
      </header>

      <ApprovalExpiryNotice expiry={a.expiry} />
      {a.status === "expired" && (
        <p data-testid="expired-note" className="rounded-md bg-slate-100 p-2 text-sm text-slate-700">
          Expired: no reviewer decided before the deadline (<TimeText value={a.expiresAt} />). The gateway refused the call, as it does for a
          deny, but no person denied it.
        </p>
      )}

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
        <Fact label="Risk (0–100)">
          <span data-testid="risk-detail">
            {a.risk.score}/100
            {a.risk.reasons.length === 0 ? <span className="block text-xs text-slate-600">nothing flagged</span> : null}
            {a.risk.reasons.map((r) => (
              <span key={r} className="block text-xs text-red-700">
                {r}
              </span>
            ))}
          </span>
        </Fact>
        <Fact label="Approvals">
          {a.approvals} of {a.requiredApprovals}
        </Fact>
        <Fact label="Reviewer team">{a.reviewerTeam ?? "any"}</Fact>
        <Fact label="Requested"><TimeText value={a.createdAt} testId="approval-requested-at" /></Fact>
        <Fact label="Session">{a.sessionId ?? "—"}</Fact>
      </dl>

      {a.budgets && a.estimatedCostUsd && <BudgetLines budgets={a.budgets} estimatedCostUsd={a.estimatedCostUsd} />}

      <section>
        <h3 className="label">Parameters</h3>
        {a.params === null ? (
          <p className="text-xs text-slate-500">Not kept: dropped after the retention period (the decision and the hash stay).</p>
        ) : (
          <RiskyParamsTree approvalId={a.id} params={a.params} />
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

      {a.status === "pending" && <DecisionForm approval={a} canDecide={canDecide} onDecided={onDecided} />}
      {(a.status === "pending" || a.status === "approved") && canDecide && <StandingRuleAction approvalId={a.id} />}

      <PrecedentList approvalId={a.id} />

      <section>
        <h3 className="label">Recent calls by {a.userId}</h3>
        <RecentCallsLink userId={a.userId} recentCalls={a.recentCalls} />
        {a.recentCalls.length === 0 ? (
          <p className="text-sm text-slate-500">No recorded calls.</p>
        ) : (
          <div className="overflow-x-auto">
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
                  <td className="whitespace-nowrap text-xs"><TimeText value={c.ts} seconds /></td>
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
          </div>
        )}
      </section>
      {a.status === "pending" && canDecide && <PhoneDecisionBar />}
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
