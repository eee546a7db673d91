"use client";
import { useEffect, useState } from "react";
import { RANGE_KEYS, type RangeKey } from "@/lib/metrics/time-window";
import { formatTime } from "@/lib/time/format-time";
import { parseZonedTime } from "@/lib/time/parse-zoned-time";
import { useTimeZone } from "@/components/ui/use-time-zone";

const LABELS: Record<RangeKey, string> = { "15m": "15 min", "1h": "1 h", "24h": "24 h", "7d": "7 d", "30d": "30 d", custom: "Custom" };

/** ISO → the value of an <input type="datetime-local"> in the viewer's zone (the one clock). */
export function toLocalInput(iso: string | undefined, zone: string): string {
  if (!iso) return "";
  const text = formatTime({ value: iso, zone, style: "input" });
  return text === "—" ? "" : text;
}

/** The range buttons (15 min … 30 d) and, for Custom, local from/to inputs. */
export function RangePicker(props: { range: RangeKey; from?: string; to?: string; onChange: (v: { range: RangeKey; from?: string; to?: string }) => void }) {
  const zone = useTimeZone();
  const [customOpen, setCustomOpen] = useState(props.range === "custom");
  const [from, setFrom] = useState(toLocalInput(props.from, zone));
  const [to, setTo] = useState(toLocalInput(props.to, zone));
  useEffect(() => {
    setFrom(toLocalInput(props.from, zone));
    setTo(toLocalInput(props.to, zone));
    if (props.range === "custom") setCustomOpen(true);
  }, [props.from, props.to, props.range, zone]);
  const fromAt = parseZonedTime({ value: from, zone });
  const toAt = parseZonedTime({ value: to, zone });
  const valid = fromAt && toAt && fromAt < toAt;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <div role="group" aria-label="Time range" className="inline-flex overflow-hidden rounded-md border border-slate-300 bg-white">
        {RANGE_KEYS.map((k) => {
          const active = k === "custom" ? customOpen || props.range === "custom" : props.range === k && !customOpen;
          return (
            <button
              key={k}
              type="button"
              aria-pressed={active}
              className={`px-2.5 py-1.5 text-sm sm:px-3 ${active ? "bg-indigo-600 text-white" : "text-slate-700 hover:bg-slate-100"}`}
              onClick={() => {
                if (k === "custom") setCustomOpen(true);
                else {
                  setCustomOpen(false);
                  props.onChange({ range: k, from: undefined, to: undefined });
                }
              }}
            >
              {LABELS[k]}
            </button>
          );
        })}
      </div>
      {customOpen && (
        <form
          className="flex flex-wrap items-end gap-2"
          aria-label="Custom range"
          onSubmit={(e) => {
            e.preventDefault();
            if (valid) props.onChange({ range: "custom", from: fromAt.toISOString(), to: toAt.toISOString() });
          }}
        >
          <label className="text-xs text-slate-600">
            From
            <input className="input ml-1 py-1" type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} required />
          </label>
          <label className="text-xs text-slate-600">
            To
            <input className="input ml-1 py-1" type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} required />
          </label>
          <span className="text-xs text-slate-500">times in {zone}</span>
          <button className="btn" type="submit" disabled={!valid}>
            Apply
          </button>
        </form>
      )}
    </div>
  );
}
