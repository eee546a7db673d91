import type { BudgetView } from "@/lib/budgets/budget-view";
import { formatUsd } from "@/lib/budgets/usd";

/**
 * Spent (solid) and reserved (hatched) against the limit, with a tick per alert threshold. The bar's
 * scale stretches past 100 % when a soft budget (or a settlement above its estimate) went over.
 */
export function BudgetUsageBar({ budget }: { budget: Pick<BudgetView, "limitUsd" | "thresholds" | "current" | "usage" | "mode"> }) {
  const { usage } = budget;
  const scale = Math.max(100, usage.usedPercent);
  const pct = (p: number) => `${Math.min(100, (p / scale) * 100)}%`;
  const reservedPercent = Math.max(usage.usedPercent - usage.spentPercent, 0);
  const over = usage.usedPercent >= 100;
  const spentColor = usage.blocking ? "bg-red-600" : over ? "bg-amber-500" : usage.usedPercent >= 80 ? "bg-amber-400" : "bg-indigo-500";
  return (
    <div>
      <div
        role="meter"
        aria-label="Spent and reserved of the limit"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(usage.usedPercent)}
        aria-valuetext={`${usage.usedPercent.toFixed(1)} % used`}
        className="relative h-3 w-full overflow-hidden rounded-full bg-slate-100"
      >
        <div className={`absolute inset-y-0 left-0 ${spentColor}`} style={{ width: pct(usage.spentPercent) }} />
        <div
          className="absolute inset-y-0 bg-[repeating-linear-gradient(45deg,#a5b4fc_0_4px,#e0e7ff_4px_8px)]"
          style={{ left: pct(usage.spentPercent), width: pct(reservedPercent) }}
        />
        {budget.thresholds.map((t) => (
          <div key={t} className="absolute inset-y-0 w-px bg-slate-500/60" style={{ left: pct(t) }} title={`${t} %`} />
        ))}
        {scale > 100 && <div className="absolute inset-y-0 w-0.5 bg-slate-900" style={{ left: pct(100) }} title="limit" />}
      </div>
      <p className="mt-1 text-xs text-slate-600">
        <span className="font-medium text-slate-800">{formatUsd(budget.current.spentUsd)}</span> spent
        {Number(budget.current.reservedUsd) > 0 && <> + {formatUsd(budget.current.reservedUsd)} reserved</>} of {formatUsd(budget.limitUsd)} ({usage.usedPercent.toFixed(1)} %)
      </p>
    </div>
  );
}
