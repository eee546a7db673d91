"use client";
import { UntrustedText } from "@/components/ui/untrusted-text";

/**
 * A JSON value from a gateway (a tool definition) laid out like JSON, every key and string through
 * UntrustedText so invisible characters are visible and marked: what the reviewer reads is what the model reads.
 */
export function UntrustedJson({ value, indent = 0 }: { value: unknown; indent?: number }) {
  const pad = "  ".repeat(indent + 1);
  const end = "  ".repeat(indent);
  if (typeof value === "string") {
    return (
      <span className="text-emerald-800">
        &quot;<UntrustedText value={value} />&quot;
      </span>
    );
  }
  if (value === null || typeof value !== "object") return <span className="text-indigo-700">{JSON.stringify(value)}</span>;
  if (Array.isArray(value)) {
    if (!value.length) return <>[]</>;
    return (
      <>
        [{"\n"}
        {value.map((v, i) => (
          <span key={i}>
            {pad}
            <UntrustedJson value={v} indent={indent + 1} />
            {i < value.length - 1 ? "," : ""}
            {"\n"}
          </span>
        ))}
        {end}]
      </>
    );
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (!entries.length) return <>{"{}"}</>;
  return (
    <>
      {"{"}
      {"\n"}
      {entries.map(([k, v], i) => (
        <span key={k}>
          {pad}
          <span className="text-slate-900">
            &quot;<UntrustedText value={k} />&quot;
          </span>
          : <UntrustedJson value={v} indent={indent + 1} />
          {i < entries.length - 1 ? "," : ""}
          {"\n"}
        </span>
      ))}
      {end}
      {"}"}
    </>
  );
}
