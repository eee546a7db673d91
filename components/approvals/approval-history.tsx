"use client";
import { parseZonedTime } from "@/lib/time/parse-zoned-time";
import { useTimeZone } from "@/components/ui/use-time-zone";
import { TimeText } from "@/components/ui/time-text";
import { type FormEvent } from "react";
import { DECIDED_STATUSES } from "@/lib/approvals/schema";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorBox } from "@/components/ui/error-box";
import { TableSkeleton } from "@/components/ui/skeleton";
import { ApprovalDetailPanel } from "./approval-detail-panel";
import { ApprovalStatusBadge } from "./approval-status-badge";
import { useApprovalList } from "./use-approval-queries";
import { useUrlState } from "./use-url-state";
import { VoteTrail } from "./vote-trail";

const FILTERS = ["status", "tool", "userId", "reviewer", "from", "to"] as const;

/**
 * Decided requests, newest decision first, with filters in the URL and the full trail of votes. A row opens
 * the request in the same detail view as the queue (its id in the URL: `?tab=history&id=…`, linkable).
 */
export function ApprovalHistory() {
  const [params, setParams] = useUrlState();
  const filters: Record<string, string | undefined> = { view: "history" };
  for (const f of FILTERS) filters[f] = params.get(f) ?? undefined;
  // Dates in the URL are days (YYYY-MM-DD) in the viewer's clock; the API takes instants.
  const zone = useTimeZone();
  const dayStart = (day: string, plusDays = 0) => {
    const [y, m, d] = day.split("-").map(Number);
    return parseZonedTime({ value: new Date(Date.UTC(y, m - 1, d + plusDays)).toISOString().slice(0, 10), zone })?.toISOString();
  };
  const query = {
    ...filters,
    from: filters.from ? dayStart(filters.from) : undefined,
    to: filters.to ? dayStart(filters.to, 1) : undefined,
  };
  const list = useApprovalList(query);
  const selectedId = params.get("id");

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setParams(Object.fromEntries(FILTERS.map((k) => [k, String(f.get(k) ?? "").trim() || undefined])));
  }

  return (
    <div className="space-y-4">
      <form className="card grid gap-3 sm:grid-cols-3 lg:grid-cols-7" aria-label="History filters" onSubmit={onSubmit} key={params.toString()}>
        <div>
          <label className="label" htmlFor="h-status">Outcome</label>
          <select className="input" id="h-status" name="status" defaultValue={filters.status ?? ""}>
            <option value="">any</option>
            {DECIDED_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <TextFilter name="tool" label="Tool" value={filters.tool} />
        <TextFilter name="userId" label="User" value={filters.userId} />
        <TextFilter name="reviewer" label="Reviewer" value={filters.reviewer} />
        <TextFilter name="from" label="From" value={filters.from} type="date" />
        <TextFilter name="to" label="To" value={filters.to} type="date" />
        <div className="flex items-end gap-2">
          <button className="btn btn-primary" type="submit">Filter</button>
          <button className="btn" type="button" onClick={() => setParams(Object.fromEntries(FILTERS.map((k) => [k, undefined])))}>
            Clear
          </button>
          <a className="btn" download href={`/api/approvals/export?${new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[0] !== "view" && !!e[1]))}`}>
            Export CSV
          </a>
        </div>
      </form>
      <div className="card overflow-x-auto p-0">
        {list.isPending ? (
          <div className="p-4">
            <TableSkeleton />
          </div>
        ) : list.error ? (
          <div className="p-4">
            <ErrorBox error={list.error} />
          </div>
        ) : list.data.approvals.length === 0 ? (
          <EmptyState title="No decided requests match" />
        ) : (
          <table className="table" aria-label="Approval history">
            <thead>
              <tr>
                <th>Decided</th>
                <th>Outcome</th>
                <th>Call</th>
                <th>User</th>
                <th>Rule</th>
                <th>Votes</th>
              </tr>
            </thead>
            <tbody>
              {list.data.approvals.map((a) => (
                <tr key={a.id} data-testid={`history-row-${a.id}`} aria-current={a.id === selectedId ? "true" : undefined} className={a.id === selectedId ? "bg-indigo-50" : undefined}>
                  <td className="whitespace-nowrap text-xs">
                    {a.status === "expired" ? "deadline passed " : ""}
                    <TimeText value={a.decidedAt} />
                    <div className="text-slate-500">asked <TimeText value={a.createdAt} /></div>
                  </td>
                  <td>
                    <ApprovalStatusBadge status={a.status} />
                  </td>
                  <td className="text-sm">
                    <button type="button" className="text-left font-medium text-indigo-700 hover:underline" onClick={() => setParams({ id: a.id })} aria-label={`Open ${a.tool} on ${a.server} decided ${a.status}`}>
                      {a.tool}
                    </button>{" "}
                    <span className="text-slate-500">on {a.server}</span>
                    <div className="text-xs text-slate-500">{a.gatewayName}</div>
                  </td>
                  <td className="text-sm">
                    {a.userId}
                    {a.team && <div className="text-xs text-slate-500">{a.team}</div>}
                  </td>
                  <td className="text-xs">{a.ruleName ?? "default"}</td>
                  <td>
                    {a.votes.length > 0 && <VoteTrail votes={a.votes} />}
                    {a.status === "expired" ? (
                      <span className="text-xs text-slate-600">no decision in time: the gateway refused the call; no person denied it</span>
                    ) : (
                      a.votes.length === 0 && <span className="text-xs text-slate-500">no votes</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {selectedId && (
        <section aria-label="Request detail" className="space-y-2">
          <div className="flex justify-end">
            <button type="button" className="btn text-xs" onClick={() => setParams({ id: undefined })}>
              Close detail
            </button>
          </div>
          <ApprovalDetailPanel key={selectedId} id={selectedId} canDecide={false} />
        </section>
      )}
    </div>
  );
}

function TextFilter({ name, label, value, type = "text" }: { name: string; label: string; value?: string; type?: string }) {
  return (
    <div>
      <label className="label" htmlFor={`h-${name}`}>
        {label}
      </label>
      <input className="input" id={`h-${name}`} name={name} type={type} defaultValue={value} />
    </div>
  );
}
