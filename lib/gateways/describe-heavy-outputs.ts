import type { GatewayHeartbeatView } from "./schema";

export interface HeavyOutputsSummary {
  /** One line of figures, or the scan's state ("off", "not reported"). */
  summary: string;
  /** Plain explanations of lost coverage, each a sentence; empty when nothing was lost. */
  notes: string[];
}

const n = (count: number, one: string, many: string) => `${count.toLocaleString("en-US")} ${count === 1 ? one : many}`;

/**
 * What the Gateways page says about a gateway's heavy output scan (docs/guards.md "Two speeds"): outputs
 * scanned, flagged, dropped unscanned and the late flags pending, with why coverage was lost; "off" when the
 * gateway runs without it; "not reported" when its heartbeat has no such counters (never zeros).
 */
export function describeHeavyOutputs(view: GatewayHeartbeatView["heavyOutputs"]): HeavyOutputsSummary {
  if (view.status === "not_reported") return { summary: "not reported", notes: [] };
  if (view.status === "off") return { summary: `off (${view.setting})`, notes: [] };
  const figures = [
    `${view.scanned.toLocaleString("en-US")} scanned`,
    ...(view.deduped > 0 ? [`${n(view.deduped, "repeat", "repeats")} of scanned text`] : []),
    `${view.flagged.toLocaleString("en-US")} flagged`,
    `${view.dropped.toLocaleString("en-US")} dropped unscanned`,
    ...(view.waiting > 0 ? [`${view.waiting.toLocaleString("en-US")} waiting`] : []),
    `late flags ${view.lateFlags.pending.toLocaleString("en-US")} pending`,
  ];
  const notes = [
    ...(view.dropped > 0 ? [`${n(view.dropped, "output", "outputs")} not scanned: the heavy queue was full.`] : []),
    ...(view.failed > 0 ? [`${n(view.failed, "scan", "scans")} failed: the scanner crashed or could not load its rules.`] : []),
    ...(view.lateFlags.dropped > 0 ? [`${n(view.lateFlags.dropped, "late flag", "late flags")} given up: Warden never stored the event, or refused the flag.`] : []),
  ];
  return { summary: figures.join(" · "), notes };
}
