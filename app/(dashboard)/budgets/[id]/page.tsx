import { requirePage } from "@/lib/auth/require-page";
import { BudgetDetail } from "@/components/budgets/budget-detail";

export const metadata = { title: "Budget" };

export default async function BudgetPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePage("/budgets");
  const { id } = await params;
  return <BudgetDetail id={id} canWrite={user.permissions.includes("budgets:write")} />;
}
