import type { AuthorizeSpendResponse } from "../../budgets/schema";

/** The message of a budget refusal, naming the budget and its numbers. */
export function describeBudgetRefusal(r: Extract<AuthorizeSpendResponse, { allowed: false }>, costUsd: number): string {
  const b = r.budget;
  const scope = b.scope === "global" ? "global" : `${b.scope} ${b.scopeValue ?? ""}`.trim();
  return (
    `Budget "${b.name}" (${scope}) would be exceeded by this call ($${costUsd}): ` +
    `$${b.spentUsd} spent and $${b.reservedUsd} reserved of $${b.limitUsd}.${r.reason ? ` ${r.reason}` : ""}`
  );
}
