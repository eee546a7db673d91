const STYLES: Record<string, string> = {
  ok: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  error: "bg-red-50 text-red-700 ring-red-200",
  timeout: "bg-amber-50 text-amber-800 ring-amber-200",
  blocked: "bg-violet-50 text-violet-700 ring-violet-200",
  denied: "bg-slate-100 text-slate-700 ring-slate-300",
};

export function StatusBadge({ status }: { status: string }) {
  return <span className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLES[status] ?? STYLES.denied}`}>{status}</span>;
}
