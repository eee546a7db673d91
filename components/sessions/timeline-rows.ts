import type { SessionEvent } from "@/lib/events/session-schema";

export interface TimelineRow {
  event: SessionEvent;
  /** Where the call starts and how long it lasts on the session's time axis, in percent of the span. */
  leftPct: number;
  widthPct: number;
  /** Milliseconds from the anchor call's start (negative before it); from the first call without an anchor. */
  offsetMs: number;
  isAnchor: boolean;
  /** Chain stages that did not simply allow the call (deny, hold, error, modify), as "stage: outcome". */
  notableDecisions: string[];
}

/** The narrowest bar drawn, in percent, so an instant call stays visible. */
export const MIN_BAR_PCT = 0.5;

/**
 * The session's calls on one time axis, oldest first: from the first call's start to the last call's end.
 * Pure (unit-tested); the timeline component only draws it.
 */
export function toTimelineRows(events: SessionEvent[], anchorId?: string): TimelineRow[] {
  if (events.length === 0) return [];
  const starts = events.map((e) => Date.parse(e.ts));
  const ends = events.map((e, i) => starts[i] + Math.max(0, e.durationMs ?? 0));
  const t0 = Math.min(...starts);
  const span = Math.max(1, Math.max(...ends) - t0);
  const anchor = events.find((e) => e.id === anchorId);
  const origin = anchor ? Date.parse(anchor.ts) : t0;
  return events.map((event, i) => {
    const leftPct = ((starts[i] - t0) / span) * 100;
    const widthPct = Math.min(100 - leftPct, Math.max(MIN_BAR_PCT, ((ends[i] - starts[i]) / span) * 100));
    return {
      event,
      leftPct: Math.min(leftPct, 100 - MIN_BAR_PCT),
      widthPct: Math.max(widthPct, MIN_BAR_PCT),
      offsetMs: starts[i] - origin,
      isAnchor: event.id === anchorId,
      notableDecisions: (event.decisions ?? []).filter((d) => d.outcome !== "allow" && d.outcome !== "skip").map((d) => `${d.stage}: ${d.outcome}`),
    };
  });
}

/** "+1.2 s", "−3 min 4 s", "0" — a signed offset from the anchor call. */
export function formatOffset(ms: number): string {
  if (ms === 0) return "0";
  const sign = ms < 0 ? "−" : "+";
  const a = Math.abs(ms);
  if (a < 1000) return `${sign}${a} ms`;
  if (a < 60_000) return `${sign}${(a / 1000).toFixed(1)} s`;
  if (a < 3600_000) return `${sign}${Math.floor(a / 60_000)} min ${Math.round((a % 60_000) / 1000)} s`;
  if (a < 86400_000) return `${sign}${Math.floor(a / 3600_000)} h ${Math.round((a % 3600_000) / 60_000)} min`;
  return `${sign}${Math.floor(a / 86400_000)} d ${Math.round((a % 86400_000) / 3600_000)} h`;
}
