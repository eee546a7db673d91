import { requirePage } from "@/lib/auth/require-page";
import { PageHeader } from "@/components/ui/page-header";
import { BudgetsOverview } from "@/components/budgets/budgets-overview";

export const metadata = { title: "Budgets" };

export default async function BudgetsPage() {
  const user = await requirePage("/budgets");
  return (
    <>
      <PageHeader title="Budgets" description="Spend limits per team, user, tool, gateway or everything; hard ones refuse calls that would pass them." />
      <BudgetsOverview canWrite={user.permissions.includes("budgets:write")} />
    </>
  );
}
