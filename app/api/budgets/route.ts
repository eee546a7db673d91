import { withSession } from "@/lib/http/route";
import { CreateBudgetBody } from "@/lib/budgets/schema";
import { createBudget } from "@/lib/budgets/create-budget";
import { findBudgets } from "@/lib/budgets/find-budgets";
import { publish } from "@/lib/realtime/publish";

// GET /api/budgets[?archived=1] — every budget with its current period, usage and forecast.
export const GET = withSession({ permission: "budgets:read" }, async ({ query }) => ({
  budgets: await findBudgets({ includeArchived: query.get("archived") === "1" }),
}));

// POST /api/budgets
export const POST = withSession({ permission: "budgets:write", body: CreateBudgetBody }, async ({ body, actor }) => {
  const budget = await createBudget({ input: body, actor });
  publish("budgets", budget.id);
  return Response.json({ budget }, { status: 201 });
});
