import type { BudgetView } from "@/lib/budgets/budget-view";

const PERIOD = { day: "daily", week: "weekly", month: "monthly" } as const;

/** "team payments · monthly · hard" and, when a hard budget is used up, BLOCKING. */
export function BudgetBadges({ budget }: { budget: Pick<BudgetView, "scope" | "scopeLabel" | "period" | "mode" | "usage" | "archived"> }) {
  return (
    <span className="flex flex-wrap items-center gap-1.5 text-xs">
      <span className="rounded bg-slate-100 px-1.5 py-0.5 text-slate-700">
        {budget.scope === "global" ? "all calls" : `${budget.scope} ${budget.scopeLabel ?? ""}`}
      </span>
      <span className="rounded bg-slate-100 px-1.5 py-0.5 text-slate-700">{PERIOD[budget.period]}</span>
      <span className={`rounded px-1.5 py-0.5 ${budget.mode === "hard" ? "bg-indigo-50 text-indigo-700" : "bg-sky-50 text-sky-700"}`}>{budget.mode}</span>
      {budget.usage.blocking && !budget.archived && <span className="rounded bg-red-600 px-1.5 py-0.5 font-semibold text-white">blocking</span>}
      {budget.archived && <span className="rounded bg-slate-200 px-1.5 py-0.5 text-slate-600">archived</span>}
    </span>
  );
}
