import { z } from "zod";
import { COMPARE_MODES, type CompareMode } from "./previous-window";
import { RANGE_KEYS } from "./time-window";

// Contracts of the dashboard's metrics API (session auth, app/api/metrics/**). Every chart endpoint takes
// the same query: a time range and the page's filters, all of which live in the overview's URL.

const name = z.string().trim().min(1).max(200);

export const MetricsFilters = z.object({
  gateway: z.uuid("must be a gateway id").optional(),
  server: name.optional(),
  tool: name.optional(),
  team: name.optional(),
  user: name.optional(),
});
export type MetricsFilters = z.infer<typeof MetricsFilters>;
export const FILTER_KEYS = ["gateway", "server", "tool", "team", "user"] as const satisfies readonly (keyof MetricsFilters)[];
export type FilterKey = (typeof FILTER_KEYS)[number];

// GET /api/metrics/{kpis,calls,error-rate,latency,cost,top-tools,top-spenders,risk-flags}
export const MetricsQuery = MetricsFilters.extend({
  range: z.enum(RANGE_KEYS).default("24h"),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type MetricsQuery = z.infer<typeof MetricsQuery>;

// GET /api/metrics/{calls,error-rate,latency,risk-flags}?compare=previous|week: the time charts, optionally
// with a comparison period read from the same rollup (one more query per chart).
export const SeriesQuery = MetricsQuery.extend({ compare: z.enum(COMPARE_MODES, "must be previous or week").optional() });
export type SeriesQuery = z.infer<typeof SeriesQuery>;

// GET /api/metrics/cost?by=team|tool
export const CostQuery = SeriesQuery.extend({ by: z.enum(["team", "tool"]).default("team") });
export type CostQuery = z.infer<typeof CostQuery>;

// GET /api/metrics/top-spenders?by=user|team
export const TopSpendersQuery = MetricsQuery.extend({ by: z.enum(["user", "team"]).default("user") });
export type TopSpendersQuery = z.infer<typeof TopSpendersQuery>;

// GET /api/metrics/gateways?staleAfterSeconds=
export const GatewayHealthQuery = z.object({
  staleAfterSeconds: z.coerce.number().int().min(30).max(86400).default(300),
});
export type GatewayHealthQuery = z.infer<typeof GatewayHealthQuery>;

/** What every chart response says about the window it covers. */
export interface WindowInfo {
  from: string;
  to: string;
  stepSeconds: number;
  /** The rollup table the figures come from. */
  source: "minute" | "hour" | "day" | "user_day" | "flag_minute" | "flag_day";
  /** Filters the rollup behind this chart cannot apply (the chart is NOT narrowed by them). */
  ignoredFilters: FilterKey[];
}

/** A time chart's comparison period: its points on the same rollup and step, to align under the window's buckets. */
export interface ComparisonPeriod<P> {
  mode: CompareMode;
  /** The compared period (without the margin read around it for "week"). */
  from: string;
  to: string;
  /** Every bucket read (zero-filled like the window's); align with alignPreviousPeriod. */
  points: P[];
}
