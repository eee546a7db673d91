import { withSession } from "@/lib/http/route";
import { UpdateBudgetBody } from "@/lib/budgets/schema";
import { archiveBudget } from "@/lib/budgets/archive-budget";
import { getBudgetDetail } from "@/lib/budgets/get-budget-detail";
import { updateBudget } from "@/lib/budgets/update-budget";
import { publish } from "@/lib/realtime/publish";

// GET /api/budgets/{id} — the budget, daily spend, top spenders, change history and alerts.
export const GET = withSession({ permission: "budgets:read" }, async ({ params }) => getBudgetDetail(params.id));

// PATCH /api/budgets/{id} — takes effect for the next authorization.
export const PATCH = withSession({ permission: "budgets:write", body: UpdateBudgetBody }, async ({ params, body, actor }) => {
  const budget = await updateBudget({ id: params.id, input: body, actor });
  publish("budgets", budget.id);
  return { budget };
});

// DELETE /api/budgets/{id} — archives: it stops applying at once; its history stays.
export const DELETE = withSession({ permission: "budgets:write" }, async ({ params, actor }) => {
  await archiveBudget({ id: params.id, actor });
  publish("budgets", params.id);
  return { ok: true };
});
