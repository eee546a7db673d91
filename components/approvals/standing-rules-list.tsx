"use client";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/http/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { StandingRuleView } from "@/lib/approvals/standing-rule-view";
import type { ParamConstraint } from "@/lib/approvals/standing-rule-schema";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorBox } from "@/components/ui/error-box";
import { TableSkeleton } from "@/components/ui/skeleton";
import { TimeText } from "@/components/ui/time-text";
import { UntrustedText } from "@/components/ui/untrusted-text";

type Listed = StandingRuleView & { canRevoke: boolean };

function constraintText(c: ParamConstraint): string {
  return c.kind === "any" ? "any value" : c.kind === "glob" ? `matches ${c.pattern}` : `= ${JSON.stringify(c.value)}`;
}

/** The standing rules ("Always allow…" from a request), with provenance, how often each fired, expiry and revoke. */
export function StandingRulesList() {
  const list = useQuery({
    queryKey: [...queryKeys.approvals.all, "standing-rules"],
    queryFn: () => apiFetch<{ standingRules: Listed[] }>("/api/standing-rules"),
  });
  return (
    <section className="space-y-2" aria-labelledby="standing-rules-title">
      <h2 id="standing-rules-title" className="font-semibold">
        Standing rules
      </h2>
      <p className="text-sm text-slate-600">
        Added by reviewers from a request (&ldquo;Always allow…&rdquo;). A matching request is approved by Warden as &ldquo;standing rule N&rdquo;,
        never under a rule marked &ldquo;human every time&rdquo;, never for an identity the gateway could not verify. Its author or an approval-rules editor
        may revoke it.
      </p>
      <div className="card overflow-x-auto p-0">
        {list.isPending ? (
          <div className="p-4">
            <TableSkeleton />
          </div>
        ) : list.error ? (
          <div className="p-4">
            <ErrorBox error={list.error} />
          </div>
        ) : list.data.standingRules.length === 0 ? (
          <EmptyState title="No standing rules">Reviewers add them from a request with &ldquo;Always allow…&rdquo;.</EmptyState>
        ) : (
          <table className="table" aria-label="Standing rules">
            <thead>
              <tr>
                <th>Rule</th>
                <th>Allows</th>
                <th>Params</th>
                <th>Added</th>
                <th>Fired</th>
                <th>Expires</th>
                <th><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {list.data.standingRules.map((r) => (
                <StandingRuleRow key={r.id} rule={r} />
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}

function StandingRuleRow({ rule: r }: { rule: Listed }) {
  const qc = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => apiFetch(`/api/standing-rules/${r.id}/revoke`, { method: "POST" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.approvals.all }),
  });
  return (
    <tr data-testid={`standing-rule-${r.number}`} className={r.status === "active" ? "" : "text-slate-400"}>
      <td className="whitespace-nowrap">
        <div className="font-medium">{r.label}</div>
        <div className="text-xs">{r.status}</div>
      </td>
      <td className="text-xs">
        <div className="font-mono">
          <UntrustedText value={r.server} /> / <UntrustedText value={r.tool} />
        </div>
        <div>
          {r.scope === "team" ? "team " : "user "}
          <UntrustedText value={r.subject} />
        </div>
      </td>
      <td className="font-mono text-xs">
        {Object.keys(r.constraints).length === 0
          ? "no params"
          : Object.entries(r.constraints).map(([k, c]) => (
              <div key={k}>
                <UntrustedText value={k} /> <UntrustedText value={constraintText(c)} />
              </div>
            ))}
      </td>
      <td className="text-xs">
        <div>{r.createdByEmail}</div>
        <TimeText value={r.createdAt} />
        {r.sourceApprovalId && (
          <div>
            <Link className="underline" href={`/approvals?tab=history&id=${r.sourceApprovalId}`}>
              from this request
            </Link>
          </div>
        )}
      </td>
      <td className="text-xs" data-testid="standing-rule-fired">
        {r.fireCount} time{r.fireCount === 1 ? "" : "s"}
        {r.lastFiredAt && (
          <div>
            last <TimeText value={r.lastFiredAt} />
          </div>
        )}
      </td>
      <td className="text-xs">
        {r.revokedAt ? (
          <>
            revoked <TimeText value={r.revokedAt} />
            {r.revokedByEmail && <div>by {r.revokedByEmail}</div>}
          </>
        ) : (
          <TimeText value={r.expiresAt} />
        )}
      </td>
      <td className="whitespace-nowrap text-right">
        {r.canRevoke && (
          <button
            className="btn"
            type="button"
            disabled={revoke.isPending}
            onClick={() => {
              if (window.confirm(`Revoke ${r.label}? Later requests go to a person again.`)) revoke.mutate();
            }}
          >
            Revoke
          </button>
        )}
        <ErrorBox error={revoke.error} />
      </td>
    </tr>
  );
}
