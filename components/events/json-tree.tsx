"use client";
import { useState, type ReactNode } from "react";
import { UntrustedText } from "@/components/ui/untrusted-text";

// A pretty-printed, syntax-coloured JSON tree for untrusted data (event params, webhook payloads, …).
// Everything is rendered as React text: no HTML is ever interpreted, and strings that look like links are
// plain text (never an <a>). Objects and arrays fold; very deep or very long values are cut with a note.

const MAX_DEPTH = 12;
const MAX_CHILDREN = 200;
const MAX_STRING = 2000;

const COLORS = {
  key: "text-indigo-700",
  string: "text-emerald-700",
  number: "text-sky-700",
  boolean: "text-amber-700",
  null: "text-slate-400",
  punct: "text-slate-500",
};

function StringValue({ value }: { value: string }) {
  const [full, setFull] = useState(false);
  const long = value.length > MAX_STRING;
  // JSON.stringify escapes quotes, backslashes and control characters, exactly as JSON shows them.
  const shown = JSON.stringify(long && !full ? value.slice(0, MAX_STRING) : value);
  return (
    <span className={COLORS.string} data-json-type="string">
      <UntrustedText value={shown} />
      {long && (
        <button type="button" className="ml-1 text-xs text-slate-500 underline" onClick={() => setFull(!full)}>
          {full ? "show less" : `… ${value.length - MAX_STRING} more characters`}
        </button>
      )}
    </span>
  );
}

function Indent({ depth }: { depth: number }) {
  return <>{"  ".repeat(depth)}</>;
}

function Node({ value, depth, path }: { value: unknown; depth: number; path: string }): ReactNode {
  const [open, setOpen] = useState(depth < 4);
  if (value === null) return <span className={COLORS.null}>null</span>;
  if (typeof value === "string") return <StringValue value={value} />;
  if (typeof value === "number") return <span className={COLORS.number}>{Number.isFinite(value) ? String(value) : "null"}</span>;
  if (typeof value === "boolean") return <span className={COLORS.boolean}>{String(value)}</span>;
  if (typeof value !== "object") return <span className={COLORS.null}>{String(value)}</span>;
  const isArray = Array.isArray(value);
  const entries: [string, unknown][] = isArray ? (value as unknown[]).map((v, i) => [String(i), v]) : Object.entries(value as Record<string, unknown>);
  const [openCh, closeCh] = isArray ? ["[", "]"] : ["{", "}"];
  if (entries.length === 0) return <span className={COLORS.punct}>{openCh + closeCh}</span>;
  if (depth >= MAX_DEPTH) return <span className={COLORS.punct}>{`${openCh} … ${closeCh}`} (nested too deep to show)</span>;
  const shown = entries.slice(0, MAX_CHILDREN);
  return (
    <>
      <button
        type="button"
        className={`${COLORS.punct} rounded hover:bg-slate-200`}
        aria-expanded={open}
        aria-label={`${open ? "Collapse" : "Expand"} ${path || "root"}`}
        onClick={() => setOpen(!open)}
      >
        {open ? openCh : `${openCh} … ${closeCh}`}
      </button>
      {!open && <span className="text-xs text-slate-400"> {entries.length} {isArray ? (entries.length === 1 ? "item" : "items") : entries.length === 1 ? "key" : "keys"}</span>}
      {open && (
        <>
          {"\n"}
          {shown.map(([k, v], i) => (
            <span key={k}>
              <Indent depth={depth + 1} />
              {!isArray && (
                <>
                  <UntrustedText className={COLORS.key} value={JSON.stringify(k)} />
                  <span className={COLORS.punct}>: </span>
                </>
              )}
              <Node value={v} depth={depth + 1} path={isArray ? `${path}[${k}]` : path ? `${path}.${k}` : k} />
              {i < entries.length - 1 && <span className={COLORS.punct}>,</span>}
              {"\n"}
            </span>
          ))}
          {entries.length > MAX_CHILDREN && (
            <span className="text-xs text-slate-400">
              <Indent depth={depth + 1} />… {entries.length - MAX_CHILDREN} more{"\n"}
            </span>
          )}
          <Indent depth={depth} />
          <span className={COLORS.punct}>{closeCh}</span>
        </>
      )}
    </>
  );
}

/** Shows any JSON value as an inert, coloured, foldable tree. */
export function JsonTree({ value, label = "JSON" }: { value: unknown; label?: string }) {
  return (
    <pre className="overflow-x-auto whitespace-pre-wrap break-all rounded-md bg-slate-50 p-3 font-mono text-xs leading-5" aria-label={label} data-testid="json-tree">
      <Node value={value} depth={0} path="" />
    </pre>
  );
}
