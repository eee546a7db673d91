import type { Dimension } from "./dimensions";
import type { RuleConfig, RuleKind, Severity } from "../alerts/schema";

// What one detector run concludes about one condition and subject (pure data). `firing` opens an alert;
// a finding that only `holds` keeps an alert already open alive (hysteresis) but never opens one.

export interface DetectorRule<K extends RuleKind = RuleKind> {
  id: string;
  name: string;
  kind: K;
  severity: Severity;
  config: RuleConfig<K>;
}

/** What the alert's chart plots: a per-minute series of one subject, and its usual band. */
export interface ChartSpec {
  dimension: Dimension | "all";
  value: string;
  metric: "calls" | "error_rate" | "cost" | "latency" | "flagged";
  /** Per-minute usual band (statistical findings). */
  band?: { center: number; low: number; high: number };
  /** Per-minute threshold line (rules). */
  threshold?: number;
  /** Gateway id for flag series (rollup_flag_minute) and tool-call rules. */
  flag?: string;
}

export interface Finding {
  rule: DetectorRule;
  dedupeKey: string;
  subjectType: Dimension | "all";
  subjectValue: string;
  /** How people call the subject (gateway names instead of ids). */
  subjectLabel: string;
  firing: boolean;
  title: string;
  explanation: string;
  value: number | null;
  baseline: number | null;
  /** Numbers behind the explanation, the link to the events, the chart spec. */
  details: Record<string, unknown>;
  /** Observed minus expected (used to attribute a server's anomaly to one of its tools). */
  excess?: number;
  chart?: ChartSpec;
}

export const dedupeKeyOf = (ruleId: string, subjectType: string, subjectValue: string) => `rule:${ruleId}:${subjectType}:${subjectValue}`;

/** The events explorer, filtered to what an alert is about (the filters of /events). */
export function eventsLink(filters: Record<string, string | undefined>, from: Date, to: Date): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v !== undefined && v !== "") q.set(k, v);
  q.set("from", from.toISOString());
  q.set("to", to.toISOString());
  return `/events?${q.toString()}`;
}

/** The events filter for a subject. */
export function subjectFilter(dimension: Dimension | "all", value: string): Record<string, string> {
  return dimension === "all" ? {} : { [dimension]: value };
}
