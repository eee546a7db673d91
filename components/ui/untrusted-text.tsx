"use client";
import { Fragment } from "react";
import { describeInvisibleRun, findInvisibleCharacters, type InvisibleKind } from "@/lib/guards/find-invisible-characters";

// Text that came from a gateway (justifications, user goals, params, tool and user names, event fields),
// shown as React text with every invisible or deceptive character made visible and marked: Unicode tag
// characters show the text they hide, zero-width and bidi controls show their names. A person must see
// exactly what the model saw, and never text that reads differently from what it is.

const TITLES: Record<InvisibleKind, string> = {
  tag: "Invisible Unicode tag characters: text hidden from people, read by models",
  zero_width: "Zero-width characters: invisible, they make look-alike text",
  bidi: "Bidirectional control characters: they reorder how the text is displayed",
  control: "Control characters",
  variation_selector: "Variation selectors: invisible, they can smuggle data",
};

export function UntrustedText({ value, className }: { value: string; className?: string }) {
  const runs = findInvisibleCharacters(value);
  if (!runs.length) return <span className={className}>{value}</span>;
  const parts: React.ReactNode[] = [];
  let at = 0;
  runs.forEach((run, i) => {
    if (run.start > at) parts.push(<Fragment key={`t${i}`}>{value.slice(at, run.start)}</Fragment>);
    parts.push(
      <mark
        key={`m${i}`}
        className="mx-0.5 rounded bg-red-100 px-1 font-mono text-[0.85em] text-red-800 ring-1 ring-red-300"
        title={TITLES[run.kind]}
        data-invisible={run.kind}
      >
        ⟦{describeInvisibleRun(run)}⟧
      </mark>,
    );
    at = run.end;
  });
  if (at < value.length) parts.push(<Fragment key="end">{value.slice(at)}</Fragment>);
  return (
    <span className={className} data-has-invisible="true">
      {parts}
    </span>
  );
}

/** True when the text holds characters a person would not see (for warnings next to a field). */
export function hasInvisible(value: string | null | undefined): boolean {
  return !!value && findInvisibleCharacters(value).length > 0;
}
