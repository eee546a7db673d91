"use client";
import { useId, useState } from "react";
import type { ComparisonOffer } from "@/lib/metrics/offered-comparisons";
import { COMPARE_MODES, type CompareMode } from "@/lib/metrics/previous-window";

const LABELS: Record<CompareMode | "off", string> = { off: "Off", previous: "Previous period", week: "Same time last week" };

/**
 * "Compare with": off, the previous period, or the same time last week (the time charts draw it dashed). A
 * period the window does not offer (offeredComparisons: it would overlap the window) stays in the group,
 * aria-disabled so it is still reached by Tab; its reason is its description, and shows under the group while
 * it is hovered, focused or pressed.
 */
export function ComparePicker({ value, offers, onChange }: { value: CompareMode | undefined; offers: Record<CompareMode, ComparisonOffer>; onChange: (v: CompareMode | undefined) => void }) {
  const id = useId();
  const [hint, setHint] = useState<CompareMode | null>(null);
  const withheld = COMPARE_MODES.flatMap((k) => {
    const o = offers[k];
    return o.offered ? [] : [{ mode: k, reason: o.reason }];
  });
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <span id="compare-label" className="text-slate-600">
        Compare with
      </span>
      <div role="group" aria-labelledby="compare-label" className="inline-flex overflow-hidden rounded-md border border-slate-300 bg-white">
        {(["off", ...COMPARE_MODES] as const).map((k) => {
          const active = (value ?? "off") === k;
          const reason = k === "off" ? undefined : withheld.find((w) => w.mode === k)?.reason;
          const show = () => reason && setHint(k as CompareMode);
          const hide = () => setHint(null);
          return (
            <button
              key={k}
              type="button"
              aria-pressed={active}
              aria-disabled={reason ? true : undefined}
              aria-describedby={reason ? `${id}-${k}` : undefined}
              title={reason}
              data-offered={reason ? "false" : undefined}
              className={`px-2 py-1 text-xs sm:px-2.5 sm:text-sm ${active ? "bg-indigo-600 text-white" : reason ? "cursor-not-allowed text-slate-500" : "text-slate-700 hover:bg-slate-100"}`}
              onFocus={show}
              onMouseEnter={show}
              onBlur={hide}
              onMouseLeave={hide}
              onClick={() => (reason ? setHint(k as CompareMode) : onChange(k === "off" ? undefined : k))}
            >
              {LABELS[k]}
            </button>
          );
        })}
      </div>
      {withheld.map((w) => (
        <span key={w.mode} id={`${id}-${w.mode}`} role="tooltip" className={hint === w.mode ? "w-full text-xs text-slate-600" : "sr-only"}>
          {LABELS[w.mode]}: {w.reason}
        </span>
      ))}
    </div>
  );
}
