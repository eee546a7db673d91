import type { Finding } from "@/lib/inventory/schema";

const SEVERITY: Record<string, string> = {
  critical: "text-red-800 bg-red-50",
  high: "text-red-700 bg-red-50",
  medium: "text-amber-800 bg-amber-50",
  low: "text-slate-700 bg-slate-100",
};

/** A short summary of scan findings (the list), or their full list (the tool's page). */
export function FindingsSummary({ findings }: { findings: Finding[] }) {
  if (!findings.length) return <span className="text-xs text-slate-500">none</span>;
  const flags = [...new Set(findings.map((f) => f.flag))];
  const worst = ["critical", "high", "medium", "low"].find((s) => findings.some((f) => f.severity === s)) ?? "low";
  return (
    <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${SEVERITY[worst]}`} title={findings.map((f) => f.message).join("\n")}>
      {findings.length} · {flags.join(", ")}
    </span>
  );
}

export function FindingsList({ findings }: { findings: Finding[] }) {
  if (!findings.length) return <p className="text-sm text-slate-600">The scan found nothing in this version.</p>;
  return (
    <ul className="space-y-1 text-sm" aria-label="Scan findings">
      {findings.map((f, i) => (
        <li key={i} className="flex flex-wrap items-baseline gap-2">
          <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${SEVERITY[f.severity]}`}>{f.severity}</span>
          <span className="font-mono text-xs">{f.flag}</span>
          <span>{f.message}</span>
          {f.path && <span className="font-mono text-xs text-slate-500">at {f.path}</span>}
        </li>
      ))}
    </ul>
  );
}
