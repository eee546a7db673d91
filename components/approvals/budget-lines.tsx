import type { SpendPreviewLine } from "@/lib/budgets/preview-spend";
import { formatUsd } from "@/lib/budgets/usd";
import { UntrustedText } from "@/components/ui/untrusted-text";

/** Each budget a costly request falls under: what is left, and whether this call would exceed it. */
export function BudgetLines({ budgets, estimatedCostUsd }: { budgets: SpendPreviewLine[]; estimatedCostUsd: string }) {
  const cost = formatUsd(estimatedCostUsd);
  const refusing = budgets.filter((b) => b.mode === "hard" && b.exceeds);
  return (
    <section aria-label="Budgets this call falls under" className="rounded-md border border-slate-200 p-3">
      <h3 className="label">Budgets this call falls under</h3>
      {budgets.length === 0 ? (
        <p className="text-sm text-slate-600">No budget applies to this call.</p>
      ) : (
        <ul className="space-y-1 text-sm">
          {budgets.map((b) => (
            <li key={b.id} data-testid={`budget-line-${b.id}`} className={b.exceeds ? (b.mode === "hard" ? "text-red-700" : "text-amber-800") : "text-slate-800"}>
              <span className="font-medium">
                <UntrustedText value={b.name} />
              </span>{" "}
              <span className="text-xs text-slate-600">
                ({b.mode}, {b.scope}
                {b.scopeValue ? <> <UntrustedText value={b.scopeValue} /></> : null})
              </span>
              : {formatUsd(b.remainingUsd)} left of {formatUsd(b.limitUsd)} per {b.period} —{" "}
              {b.exceeds
                ? `this call (${cost}) would exceed it${b.mode === "soft" ? " (soft: the gateway lets it through and alerts)" : ""}`
                : `this call (${cost}) fits`}
            </li>
          ))}
        </ul>
      )}
      {refusing.length > 0 && (
        <p className="mt-2 text-sm font-semibold text-red-700">
          The gateway will refuse this call anyway: it would exceed the hard budget{refusing.length > 1 ? "s" : ""} {refusing.map((b) => `“${b.name}”`).join(", ")}. Approving
          it does not make it run.
        </p>
      )}
    </section>
  );
}
