"use client";
import { UntrustedText } from "@/components/ui/untrusted-text";

// Params as an inert tree: every key and value is React text (never HTML, never a link), long strings
// wrap, nested objects fold.
export function JsonTree({ value, label }: { value: unknown; label?: string }) {
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200 bg-slate-50 p-2 font-mono text-xs" aria-label={label}>
      <JsonNode value={value} depth={0} />
    </div>
  );
}

function JsonNode({ value, depth }: { value: unknown; depth: number }) {
  if (value === null || value === undefined) return <span className="text-slate-400">null</span>;
  if (typeof value === "string")
    return (
      <span className="whitespace-pre-wrap break-all text-emerald-800">
        &quot;
        <UntrustedText value={value} />
        &quot;
      </span>
    );
  if (typeof value === "number" || typeof value === "boolean") return <span className="text-indigo-700">{String(value)}</span>;
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value as Record<string, unknown>);
  const open = Array.isArray(value) ? "[" : "{";
  const close = Array.isArray(value) ? "]" : "}";
  if (entries.length === 0) return <span>{open + close}</span>;
  return (
    <details open={depth < 3}>
      <summary className="cursor-pointer select-none text-slate-500">
        {open} {entries.length} {Array.isArray(value) ? "items" : "keys"} {close}
      </summary>
      <ul className="ml-4 border-l border-slate-200 pl-2">
        {entries.map(([k, v]) => (
          <li key={k}>
            <UntrustedText className="text-slate-700" value={k} />
            <span className="text-slate-400">: </span>
            <JsonNode value={v} depth={depth + 1} />
          </li>
        ))}
      </ul>
    </details>
  );
}
