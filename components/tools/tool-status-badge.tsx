import type { ToolStatus } from "@/lib/inventory/schema";

const STYLE: Record<string, string> = {
  approved: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  pending: "bg-amber-50 text-amber-900 ring-amber-300",
  blocked: "bg-red-50 text-red-800 ring-red-300",
  unreviewed: "bg-slate-100 text-slate-700 ring-slate-300",
};

/** A tool's inventory status, with why ("changed" is the rug-pull case: approved before, changed since). */
export function ToolStatusBadge({ status, reason }: { status: ToolStatus | null; reason: string | null }) {
  const key = status ?? "unreviewed";
  const label = status === "pending" && reason === "changed" ? "changed · pending" : key;
  return (
    <span className={`inline-flex rounded px-1.5 py-0.5 text-xs font-medium ring-1 ${STYLE[key]}`} data-status={key} title={reason ? `reason: ${reason}` : undefined}>
      {label}
    </span>
  );
}
