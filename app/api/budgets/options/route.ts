import { withSession } from "@/lib/http/route";
import { findBudgetScopeOptions } from "@/lib/budgets/find-budget-scope-options";

// GET /api/budgets/options — suggestions for the budget form's scope value.
export const GET = withSession({ permission: "budgets:read" }, async () => findBudgetScopeOptions());
