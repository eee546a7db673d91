const SEVERITY: Record<string, string> = {
  critical: "bg-red-100 text-red-800",
  warning: "bg-amber-100 text-amber-800",
  info: "bg-sky-100 text-sky-800",
};

const STATUS: Record<string, string> = {
  open: "bg-red-50 text-red-700 ring-1 ring-red-200",
  acknowledged: "bg-amber-50 text-amber-700 ring-1 ring-amber-200",
  resolved: "bg-emerald-50 text-emerald-700 ring-1 ring-emerald-200",
};

export function SeverityBadge({ severity }: { severity: string }) {
  return <span className={`rounded px-2 py-0.5 text-xs font-semibold uppercase ${SEVERITY[severity] ?? "bg-slate-100 text-slate-700"}`}>{severity}</span>;
}

export function AlertStatusBadge({ status }: { status: string }) {
  return <span className={`rounded px-2 py-0.5 text-xs ${STATUS[status] ?? "bg-slate-100 text-slate-700"}`}>{status}</span>;
}
