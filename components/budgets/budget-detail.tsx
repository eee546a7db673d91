"use client";
import { TimeText } from "@/components/ui/time-text";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { apiFetch } from "@/lib/http/api-client";
import { queryKeys } from "@/lib/query-keys";
import { describeBudgetChange } from "@/lib/budgets/describe-budget-change";
import { formatUsd } from "@/lib/budgets/usd";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorBox } from "@/components/ui/error-box";
import { Skeleton, TableSkeleton } from "@/components/ui/skeleton";
import { BudgetBadges } from "./budget-badges";
import { BudgetForecast } from "./budget-forecast";
import { BudgetForm } from "./budget-form";
import { BudgetUsageBar } from "./budget-usage-bar";
import { DailySpendChart } from "./daily-spend-chart";
import { useBudgetDetail } from "./use-budget-queries";

const at = (iso: string) => <TimeText value={iso} />;

/** One budget: state and forecast, daily spend against the limit, top spenders, its alerts, who changed it when. */
export function BudgetDetail({ id, canWrite }: { id: string; canWrite: boolean }) {
  const detail = useBudgetDetail(id);
  const [editing, setEditing] = useState(false);
  if (detail.isPending) {
    return (
      <div className="space-y-4" aria-busy="true">
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-3 w-full" />
        <TableSkeleton rows={6} />
      </div>
    );
  }
  if (detail.error) return <ErrorBox error={detail.error} />;
  const { budget, daily, topSpenders, history, alerts } = detail.data;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <Link href="/budgets" className="text-sm text-indigo-700 hover:underline">
            ← All budgets
          </Link>
          <h1 className="mt-1 text-2xl font-semibold tracking-tight">{budget.name}</h1>
          <div className="mt-1">
            <BudgetBadges budget={budget} />
          </div>
        </div>
        {canWrite && !budget.archived && (
          <div className="flex gap-2">
            <button className="btn" type="button" aria-expanded={editing} onClick={() => setEditing((e) => !e)}>
              {editing ? "Close editor" : "Edit budget"}
            </button>
            <ArchiveButton id={budget.id} />
          </div>
        )}
      </div>

      {editing && (
        <section className="card" aria-label="Edit">
          <BudgetForm budget={budget} onDone={() => setEditing(false)} />
        </section>
      )}

      <section className="card space-y-3" aria-label="Current period">
        {budget.current.countingFrom !== budget.current.periodStart && (
          <p className="rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-900" data-testid="budget-counting-from">
            This budget was created during this period: it counts spend from {at(budget.current.countingFrom)}, and every figure on this page (spent, burn rate,
            forecast, daily spend, top spenders) starts there.
            {daily.uncountedUsd > 0 && <> {formatUsd(daily.uncountedUsd)} spent earlier in the period is not counted.</>}
          </p>
        )}
        <BudgetUsageBar budget={budget} />
        {budget.usage.blocking && (
          <p role="status" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            This hard budget is used up: new calls under it are refused until the period ends or the limit is raised.
          </p>
        )}
      </section>
      <BudgetForecast budget={budget} tiles />

      <section className="card" aria-labelledby="daily-spend">
        <h2 id="daily-spend" className="mb-2 font-semibold">
          Daily spend against the limit
        </h2>
        {daily.rows.every((r) => !r.spendUsd) ? (
          <EmptyState title="No spend recorded in this period yet" />
        ) : (
          <DailySpendChart rows={daily.rows} limitUsd={Number(budget.limitUsd)} forecastUsd={budget.usage.forecastUsd} cumulative={budget.period !== "day"} />
        )}
        {daily.source === "rollup_user_day" && <p className="mt-2 text-xs text-slate-500">Days of a user budget are UTC days (per-user daily rollup).</p>}
      </section>

      <div className="grid gap-6 lg:grid-cols-2">
        <section className="card overflow-x-auto" aria-labelledby="top-spenders">
          <h2 id="top-spenders" className="mb-2 font-semibold">
            Top spenders this period
          </h2>
          {topSpenders.rows.length === 0 ? (
            <EmptyState title="Nobody has spent under this budget yet" />
          ) : (
            <table className="table" aria-label="Top spenders">
              <thead>
                <tr>
                  <th>{topSpenders.by === "user" ? "User" : "Team"}</th>
                  {topSpenders.by === "user" && <th>Team</th>}
                  <th className="text-right">Calls</th>
                  <th className="text-right">Spend</th>
                </tr>
              </thead>
              <tbody>
                {topSpenders.rows.map((r) => (
                  <tr key={r.key}>
                    <td className="break-all">{r.key || "(no team)"}</td>
                    {topSpenders.by === "user" && <td>{r.team ?? "—"}</td>}
                    <td className="text-right tabular-nums">{r.calls}</td>
                    <td className="text-right tabular-nums">{formatUsd(r.costUsd)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>

        <section className="card" aria-labelledby="budget-alerts">
          <h2 id="budget-alerts" className="mb-2 font-semibold">
            Alerts
          </h2>
          {alerts.length === 0 ? (
            <EmptyState title="No alerts yet" />
          ) : (
            <ul className="space-y-2 text-sm">
              {alerts.map((a) => (
                <li key={a.id} className="flex items-start justify-between gap-3">
                  <span>
                    <span className={`mr-2 rounded px-1.5 py-0.5 text-xs ${a.severity === "critical" ? "bg-red-100 text-red-800" : a.severity === "warning" ? "bg-amber-100 text-amber-800" : "bg-slate-100 text-slate-700"}`}>
                      {a.severity}
                    </span>
                    {a.title}
                  </span>
                  <span className="whitespace-nowrap text-xs text-slate-500">
                    {at(a.firstSeenAt)} · {a.status}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section className="card" aria-labelledby="budget-history">
        <h2 id="budget-history" className="mb-2 font-semibold">
          Who changed it, when
        </h2>
        <ol className="space-y-2 text-sm" aria-label="Budget history">
          {history.map((h) => (
            <li key={h.seq} className="border-b border-slate-100 pb-2 last:border-0">
              <div className="text-xs text-slate-500">
                {at(h.at)} · {h.actorEmail ?? "system"}
              </div>
              <ul className="list-inside list-disc">
                {describeBudgetChange(h.action, h.before, h.after).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

function ArchiveButton({ id }: { id: string }) {
  const qc = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const archive = useMutation({
    mutationFn: () => apiFetch(`/api/budgets/${id}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.budgets.all }),
  });
  if (!confirming) {
    return (
      <button className="btn" type="button" onClick={() => setConfirming(true)}>
        Archive
      </button>
    );
  }
  return (
    <span className="flex items-center gap-2">
      <button className="btn btn-danger" type="button" disabled={archive.isPending} onClick={() => archive.mutate()}>
        Archive: stop applying it
      </button>
      <button className="btn" type="button" onClick={() => setConfirming(false)}>
        Keep
      </button>
      <ErrorBox error={archive.error} />
    </span>
  );
}
