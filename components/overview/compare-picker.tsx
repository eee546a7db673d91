"use client";
import { COMPARE_MODES, type CompareMode } from "@/lib/metrics/previous-window";

const LABELS: Record<CompareMode | "off", string> = { off: "Off", previous: "Previous period", week: "Same time last week" };

/** "Compare with": off, the previous period, or the same time last week (the time charts draw it dashed). */
export function ComparePicker({ value, onChange }: { value: CompareMode | undefined; onChange: (v: CompareMode | undefined) => void }) {
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <span id="compare-label" className="text-slate-600">
        Compare with
      </span>
      <div role="group" aria-labelledby="compare-label" className="inline-flex overflow-hidden rounded-md border border-slate-300 bg-white">
        {(["off", ...COMPARE_MODES] as const).map((k) => {
          const active = (value ?? "off") === k;
          return (
            <button
              key={k}
              type="button"
              aria-pressed={active}
              className={`px-2 py-1 text-xs sm:px-2.5 sm:text-sm ${active ? "bg-indigo-600 text-white" : "text-slate-700 hover:bg-slate-100"}`}
              onClick={() => onChange(k === "off" ? undefined : k)}
            >
              {LABELS[k]}
            </button>
          );
        })}
      </div>
    </div>
  );
}
