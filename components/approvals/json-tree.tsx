"use client";
import { UntrustedText } from "@/components/ui/untrusted-text";
import type { RiskyParam, RiskyParamKind } from "@/lib/approvals/find-risky-params";

// Params as an inert tree: every key and value is React text (never HTML, never a link), long strings
// wrap, nested objects fold. Values a detector marked (lib/approvals/find-risky-params.ts) are highlighted
// in place with a short label per kind and the reason as text beside them (not only on hover), keyed by
// their JSON pointer; a folded branch that holds one stays open.

/** How each kind of risky value looks and is named (the legend uses the same). */
export const RISKY_KIND_STYLE: Record<RiskyParamKind, { label: string; className: string }> = {
  guard_flagged: { label: "guard flagged", className: "bg-red-100 ring-red-400 text-red-900" },
  invisible: { label: "invisible characters", className: "bg-red-50 ring-red-300 text-red-900" },
  external_email: { label: "external e-mail", className: "bg-amber-100 ring-amber-400 text-amber-900" },
  external_url: { label: "external link", className: "bg-amber-100 ring-amber-400 text-amber-900" },
  money: { label: "money", className: "bg-sky-100 ring-sky-400 text-sky-900" },
  unusual_path: { label: "unusual path", className: "bg-violet-100 ring-violet-400 text-violet-900" },
};

type Marks = Map<string, RiskyParam[]>;

function pointer(path: string, token: string): string {
  return `${path}/${token.replace(/~/g, "~0").replace(/\//g, "~1")}`;
}

export function JsonTree({ value, label, marks }: { value: unknown; label?: string; marks?: readonly RiskyParam[] }) {
  const byPath: Marks = new Map();
  for (const m of marks ?? []) byPath.set(m.path, [...(byPath.get(m.path) ?? []), m]);
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200 bg-slate-50 p-2 font-mono text-xs" aria-label={label}>
      <JsonNode value={value} depth={0} path="" marks={byPath} />
    </div>
  );
}

function Marked({ found, children }: { found: RiskyParam[] | undefined; children: React.ReactNode }) {
  if (!found?.length) return <>{children}</>;
  const kinds = [...new Set(found.map((f) => f.kind))];
  const style = RISKY_KIND_STYLE[kinds[0]];
  return (
    <span data-risky={kinds.join(" ")} className="inline">
      <mark className={`rounded px-0.5 ring-1 ${style.className}`}>{children}</mark>
      {kinds.map((k) => (
        <span key={k} className={`ml-1 rounded px-1 font-sans text-[10px] font-semibold uppercase ring-1 ${RISKY_KIND_STYLE[k].className}`}>
          {RISKY_KIND_STYLE[k].label}
        </span>
      ))}
      <span className="block pl-2 font-sans text-[11px] text-slate-600" data-testid="risky-reason">
        {found.map((f) => f.detail).join(" · ")}
      </span>
    </span>
  );
}

function hasMarkUnder(path: string, marks: Marks): boolean {
  for (const p of marks.keys()) if (p.startsWith(`${path}/`)) return true;
  return false;
}

function JsonNode({ value, depth, path, marks }: { value: unknown; depth: number; path: string; marks: Marks }) {
  const found = marks.get(path);
  if (value === null || value === undefined) return <span className="text-slate-400">null</span>;
  if (typeof value === "string")
    return (
      <Marked found={found}>
        <span className="whitespace-pre-wrap break-all text-emerald-800">
          &quot;
          <UntrustedText value={value} />
          &quot;
        </span>
      </Marked>
    );
  if (typeof value === "number" || typeof value === "boolean")
    return (
      <Marked found={found}>
        <span className="text-indigo-700">{String(value)}</span>
      </Marked>
    );
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value as Record<string, unknown>);
  const open = Array.isArray(value) ? "[" : "{";
  const close = Array.isArray(value) ? "]" : "}";
  if (entries.length === 0) return <span>{open + close}</span>;
  return (
    <details open={depth < 3 || hasMarkUnder(path, marks)}>
      <summary className="cursor-pointer select-none text-slate-500">
        <Marked found={found}>
          {open} {entries.length} {Array.isArray(value) ? "items" : "keys"} {close}
        </Marked>
      </summary>
      <ul className="ml-4 border-l border-slate-200 pl-2">
        {entries.map(([k, v]) => (
          <li key={k}>
            <UntrustedText className="text-slate-700" value={k} />
            <span className="text-slate-400">: </span>
            <JsonNode value={v} depth={depth + 1} path={pointer(path, k)} marks={marks} />
          </li>
        ))}
      </ul>
    </details>
  );
}
