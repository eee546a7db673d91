import "server-only";
import { ApiError } from "../http/errors";
import type { BudgetView } from "./budget-view";
import { findBudgets } from "./find-budgets";

/** One budget (archived too) with its current period, or a 404. */
export async function getBudget(id: string): Promise<BudgetView> {
  const [budget] = /^[0-9a-f-]{36}$/i.test(id) ? await findBudgets({ includeArchived: true, ids: [id] }) : [];
  if (!budget) throw new ApiError("not_found", `No budget with id ${id}.`);
  return budget;
}
