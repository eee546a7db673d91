import { Suspense } from "react";
import { requirePage } from "@/lib/auth/require-page";
import { TableSkeleton } from "@/components/ui/skeleton";
import { ToolDetail } from "@/components/tools/tool-detail";

export const metadata = { title: "Tool" };

export default async function ToolPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePage("/tools");
  const { id } = await params;
  return (
    <Suspense fallback={<TableSkeleton rows={6} />}>
      <ToolDetail id={id} canWrite={user.permissions.includes("inventory:write")} />
    </Suspense>
  );
}
