// Axis and tooltip formatting for the charts: times in the one clock (lib/time/format-time.ts; callers pass
// useTimeZone(), the runtime's own zone otherwise), units spelled out. Pure; unit-tested.
import { formatTime as formatInstant } from "@/lib/time/format-time";

const runtimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

/** An axis tick: "12-06" for daily buckets, "12-06 14:00" across days, "14:00" within a day. */
export function formatTime(iso: string, stepSeconds: number, spanSeconds: number, timeZone: string = runtimeZone()): string {
  const style = stepSeconds >= 86400 ? "day" : spanSeconds > 86400 ? "day-time" : "time";
  return formatInstant({ value: iso, zone: timeZone, style });
}

/** "2026-03-10 14:00 – 15:00" for a bucket ("2026-03-10" for a day, "2026-03-10 – 2026-03-17" for longer). */
export function formatBucket(iso: string, stepSeconds: number, timeZone: string = runtimeZone()): string {
  const start = new Date(iso);
  const end = new Date(start.getTime() + stepSeconds * 1000);
  const date = (d: Date) => formatInstant({ value: d, zone: timeZone, style: "date" });
  if (stepSeconds >= 86400) return stepSeconds === 86400 ? date(start) : `${date(start)} – ${date(end)}`;
  return `${formatInstant({ value: start, zone: timeZone })} – ${formatInstant({ value: end, zone: timeZone, style: "time" })}`;
}

export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined) return "—";
  return new Intl.NumberFormat("en-US", { notation: Math.abs(n) >= 100_000 ? "compact" : "standard", maximumFractionDigits: 1 }).format(n);
}

export function formatPercent(r: number | null | undefined, digits = 1): string {
  if (r === null || r === undefined) return "—";
  return `${(r * 100).toFixed(digits)} %`;
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${Math.round(ms)} ms`;
}

export function formatUsd(v: number | null | undefined): string {
  if (v === null || v === undefined) return "—";
  const abs = Math.abs(v);
  const digits = abs === 0 ? 2 : abs < 0.01 ? 4 : abs < 100 ? 2 : 0;
  return new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
}

/** "+12.5 %" / "−3.0 %" / "—". */
export function formatChange(change: number | null | undefined): string {
  if (change === null || change === undefined || !Number.isFinite(change)) return "—";
  const sign = change > 0 ? "+" : change < 0 ? "−" : "±";
  return `${sign}${Math.abs(change * 100).toFixed(1)} %`;
}

export const STATUS_COLORS = { ok: "#10b981", error: "#ef4444", timeout: "#f59e0b", blocked: "#8b5cf6", denied: "#64748b" } as const;
export const SERIES_COLORS = ["#6366f1", "#0ea5e9", "#14b8a6", "#f59e0b", "#ec4899", "#84cc16", "#94a3b8"] as const;
/** Alert markers on the time charts, by severity (the alerts page's badge hues, one shade stronger). */
export const SEVERITY_COLORS = { info: "#0284c7", warning: "#d97706", critical: "#b91c1c" } as const;

/** A moment in the one clock: "2026-12-06 01:05" (24 h, the zone given, the runtime's otherwise). */
export function formatDateTime(iso: string | number | Date, timeZone: string = runtimeZone()): string {
  return formatInstant({ value: iso, zone: timeZone });
}

/** "01:05" in the zone given (chart axes of a few hours). */
export function formatClock(iso: string | number | Date, timeZone: string = runtimeZone()): string {
  return formatInstant({ value: iso, zone: timeZone, style: "time" });
}
