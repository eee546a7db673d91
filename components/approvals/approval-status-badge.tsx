import type { ApprovalStatusName } from "@/lib/approvals/schema";

const STYLES: Record<ApprovalStatusName, string> = {
  pending: "bg-amber-50 text-amber-800 ring-amber-200",
  approved: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  denied: "bg-red-50 text-red-800 ring-red-200",
  expired: "bg-slate-100 text-slate-700 ring-slate-200",
  cancelled: "bg-slate-100 text-slate-600 ring-slate-200",
};

export function ApprovalStatusBadge({ status, testId }: { status: ApprovalStatusName; testId?: string }) {
  return <span data-testid={testId} className={`inline-block rounded px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLES[status]}`}>{status}</span>;
}
