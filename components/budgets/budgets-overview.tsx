"use client";
import Link from "next/link";
import { useState } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorBox } from "@/components/ui/error-box";
import { TableSkeleton } from "@/components/ui/skeleton";
import { BudgetBadges } from "./budget-badges";
import { BudgetForecast } from "./budget-forecast";
import { BudgetForm } from "./budget-form";
import { BudgetUsageBar } from "./budget-usage-bar";
import { useBudgetList } from "./use-budget-queries";

/** Every budget with its current period: the bar, burn rate, forecast, run-out date; a form to add one. */
export function BudgetsOverview({ canWrite }: { canWrite: boolean }) {
  const list = useBudgetList();
  const [creating, setCreating] = useState(false);
  return (
    <div className="space-y-6">
      {canWrite && (
        <section className="card" aria-labelledby="new-budget">
          <div className="flex items-center justify-between">
            <h2 id="new-budget" className="font-semibold">
              New budget
            </h2>
            <button className="btn" type="button" aria-expanded={creating} onClick={() => setCreating((c) => !c)}>
              {creating ? "Close" : "Add a budget"}
            </button>
          </div>
          {creating && (
            <div className="mt-4">
              <BudgetForm />
            </div>
          )}
        </section>
      )}
      {list.isPending ? (
        <TableSkeleton rows={4} />
      ) : list.error ? (
        <ErrorBox error={list.error} />
      ) : list.data.budgets.length === 0 ? (
        <EmptyState title="No budgets yet">
          {canWrite ? "Add one to cap what a team, a user, a tool or everything may spend per day, week or month." : "A manager can add them."}
        </EmptyState>
      ) : (
        <ul className="grid gap-4 lg:grid-cols-2" aria-label="Budgets">
          {list.data.budgets.map((b) => (
            <li key={b.id} className={`card ${b.usage.blocking ? "border-red-300" : ""}`} data-testid={`budget-${b.id}`}>
              <div className="mb-2 flex flex-wrap items-start justify-between gap-2">
                <Link href={`/budgets/${b.id}`} className="font-semibold text-indigo-700 hover:underline">
                  {b.name}
                </Link>
                <BudgetBadges budget={b} />
              </div>
              <BudgetUsageBar budget={b} />
              <BudgetForecast budget={b} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
