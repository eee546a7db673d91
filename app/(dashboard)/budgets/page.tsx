import { requirePage } from "@/lib/auth/require-page";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata = { title: "Budgets" };

export default async function BudgetsPage() {
  await requirePage("/budgets");
  return (
    <>
      <PageHeader title="Budgets" description="Spend limits per team, user, tool and gateway." />
      <EmptyState title="Nothing here yet" />
    </>
  );
}
