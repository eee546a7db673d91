import { TimeText } from "@/components/ui/time-text";
import type { BudgetView } from "@/lib/budgets/budget-view";
import { formatUsd } from "@/lib/budgets/usd";
import { formatDateTime } from "@/components/charts/format";


/** Burn rate, end-of-period forecast and the run-out date, in one line (compact) or as tiles. */
export function BudgetForecast({ budget, tiles = false }: { budget: BudgetView; tiles?: boolean }) {
  const u = budget.usage;
  const items = [
    { label: "Burn rate", value: `${formatUsd(u.burnRatePerDayUsd)}/day` },
    { label: "Forecast at period end", value: formatUsd(u.forecastUsd), warn: u.forecastExceeds },
    { label: "Runs out", value: u.runOutAt ? <TimeText value={u.runOutAt} /> : "not this period", warn: u.runOutAt !== null },
    // Period boundaries in the budgets' own zone (WARDEN_TIMEZONE), named: a month ends at its midnight there.
    { label: "Period ends", value: `${formatDateTime(budget.current.periodEnd, budget.current.timeZone)} ${budget.current.timeZone}`, title: `In the budgets' own time zone (${budget.current.timeZone}), where their days, weeks and months begin` },
  ];
  if (!tiles) {
    return (
      <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 text-xs sm:grid-cols-4">
        {items.map((i) => (
          <div key={i.label}>
            <dt className="text-slate-500">{i.label}</dt>
            <dd className={i.warn ? "font-medium text-amber-700" : "text-slate-800"} title={"title" in i ? i.title : undefined}>
              {i.value}
            </dd>
          </div>
        ))}
      </dl>
    );
  }
  return (
    <dl className="grid gap-3 sm:grid-cols-4">
      {items.map((i) => (
        <div key={i.label} className="card">
          <dt className="label">{i.label}</dt>
          <dd className={`text-lg font-semibold ${i.warn ? "text-amber-700" : "text-slate-900"}`} title={"title" in i ? i.title : undefined}>
            {i.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
