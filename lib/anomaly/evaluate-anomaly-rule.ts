import { assessErrorRate, assessWindows, DEFAULT_THRESHOLDS, type Assessment, type Metric, type Thresholds } from "./assess-series";
import { assessUserCalls, assessUserCost, userPeakBaseline } from "./assess-user";
import { aggregate, gatewayLabel, LONG_WINDOW, parentsOf, SHORT_WINDOW, SLOW_WINDOW, statWindows, windowIndex, type DetectorContext } from "./detector-context";
import { seriesKey, splitSeriesKey, type Dimension, type RollupDimension } from "./dimensions";
import { baselineOf } from "./find-seasonal-baselines";
import { MINUTE } from "./find-window-measures";
import { dedupeKeyOf, eventsLink, subjectFilter, type ChartSpec, type DetectorRule, type Finding } from "./finding";
import type { SeriesBaseline } from "./seasonal-baseline";

// The statistical detector (pure over the run's context): every active series of the rule's dimensions,
// scored over a short and a long window against its seasonal baseline. A broader subject (server, team,
// gateway) whose excess is mostly explained by one of its tools that fires too is left out, so one
// incident reads as one alert about its most specific subject.

const TITLES: Record<Metric, { up: string; down: string }> = {
  calls: { up: "Unusual call volume", down: "Traffic drop" },
  error_rate: { up: "Error rate spike", down: "Error rate drop" },
  cost: { up: "Spend spike", down: "Spend drop" },
  latency: { up: "Latency spike", down: "Latency drop" },
};

const EXPLAINED_SHARE = 0.6;
const MIN_USER_HISTORY_CALLS = 50;

function band(metric: Metric, b: SeriesBaseline): ChartSpec["band"] {
  switch (metric) {
    case "calls": {
      const c = b.callsPerMin;
      const sd = Math.sqrt(c + (Math.max(b.callsRelSpread, 0.15) * c) ** 2);
      return { center: c, low: Math.max(0, c - 3 * sd), high: c + 3 * sd };
    }
    case "cost": {
      const c = b.costPerMin;
      const sd = Math.sqrt(2 * Math.max(b.callsPerMin, 1) * b.costPerCall ** 2 + (Math.max(b.costRelSpread, 0.2) * c) ** 2);
      return { center: c, low: Math.max(0, c - 3 * sd), high: c + 3 * sd };
    }
    case "error_rate": {
      const p = b.errorRate ?? 0;
      const sd = Math.max(b.errorRateSpread, Math.sqrt((Math.max(p, 0.002) * (1 - p)) / Math.max(b.callsPerMin, 1)));
      return { center: p, low: Math.max(0, p - 3 * sd), high: Math.min(1, p + 3 * sd) };
    }
    case "latency": {
      const p = b.p95Ms ?? 0;
      return { center: p, low: Math.max(0, p - 3 * b.p95SpreadMs), high: p + 3 * b.p95SpreadMs };
    }
  }
}

function toFinding(ctx: DetectorContext, rule: DetectorRule<"anomaly">, dimension: Dimension, value: string, a: Assessment, chartBand?: ChartSpec["band"]): Finding {
  const label = dimension === "gateway" ? gatewayLabel(ctx, value) : value;
  const from = new Date(ctx.now.getTime() - a.windowMinutes * MINUTE);
  const filter: Record<string, string> = { ...subjectFilter(dimension, value) };
  if (a.metric === "error_rate") filter.status = "error";
  return {
    rule,
    dedupeKey: dedupeKeyOf(rule.id, dimension, value),
    subjectType: dimension,
    subjectValue: value,
    subjectLabel: label,
    firing: a.firing,
    title: `${TITLES[a.metric][a.direction]} · ${dimension} ${label}`,
    explanation: a.explanation,
    value: a.observed,
    baseline: a.expected,
    excess: a.excess,
    details: {
      metric: a.metric,
      direction: a.direction,
      dimension,
      subjectLabel: label,
      windowMinutes: a.windowMinutes,
      z: round(a.z, 2),
      observed: a.observed,
      expected: a.expected,
      sd: a.sd,
      link: eventsLink(filter, from, ctx.now),
    },
    chart: { dimension, value, metric: a.metric, band: chartBand },
  };
}

const round = (n: number, d: number) => Math.round(n * 10 ** d) / 10 ** d;

function thresholdsOf(rule: DetectorRule<"anomaly">, dimension: Dimension): Thresholds {
  return { ...DEFAULT_THRESHOLDS, z: rule.config.sensitivity, drops: rule.config.drops && dimension === "gateway" };
}

function evaluateRollupDimension(ctx: DetectorContext, rule: DetectorRule<"anomaly">, dimension: RollupDimension): Finding[] {
  const metric = rule.config.metric;
  const values = new Set(aggregate(ctx, dimension, SLOW_WINDOW).keys());
  // A gateway that went quiet has no rows in the window: its baseline says it should have.
  if (metric === "calls" && rule.config.drops && dimension === "gateway") {
    for (const key of ctx.baselines.samples.keys()) {
      const { dimension: d, value } = splitSeriesKey(key);
      if (d === "gateway") values.add(value);
    }
  }
  const t = thresholdsOf(rule, dimension);
  const out: Finding[] = [];
  for (const value of values) {
    const key = seriesKey(dimension, value);
    const b = baselineOf(ctx.baselines, key, ctx.known.get(key));
    if (!b) continue;
    const a = assessWindows(metric, statWindows(ctx, dimension, value), b, t);
    if (!a) continue;
    const open = ctx.openKeys.has(dedupeKeyOf(rule.id, dimension, value));
    if (a.firing || (open && a.holding)) out.push(toFinding(ctx, rule, dimension, value, a, band(metric, b)));
  }
  return out;
}

function evaluateUsers(ctx: DetectorContext, rule: DetectorRule<"anomaly">): Finding[] {
  const metric = rule.config.metric;
  if (metric === "latency") return []; // the per-user rollup carries no durations
  const t = thresholdsOf(rule, "user");
  const iShort = windowIndex(ctx, SHORT_WINDOW);
  const iLong = windowIndex(ctx, LONG_WINDOW);
  const out: Finding[] = [];
  for (const [userId, u] of ctx.users) {
    const candidates: Assessment[] = [];
    if (metric === "calls" || metric === "cost") {
      for (const [i, w, field] of [
        [iShort, SHORT_WINDOW, metric === "calls" ? "c3" : "s3"],
        [iLong, LONG_WINDOW, metric === "calls" ? "c15" : "s15"],
      ] as const) {
        const base = userPeakBaseline(u.history, field);
        if (!base) continue;
        const observed = metric === "calls" ? u.windows[i].calls : u.windows[i].costUsd;
        candidates.push(metric === "calls" ? assessUserCalls(observed, base, t, w) : assessUserCost(observed, base, t, w));
      }
    } else {
      const h = ctx.userHistory.get(userId);
      if (!h || h.calls < MIN_USER_HISTORY_CALLS) continue;
      const p0 = h.errors / h.calls;
      for (const [i, w] of [
        [iShort, SHORT_WINDOW],
        [iLong, LONG_WINDOW],
      ] as const) {
        const win = { ...u.windows[i], lat: [], windowMinutes: w, effectiveMinutes: w };
        const a = assessErrorRate(win, { errorRate: p0, errorRateSpread: Math.max(0.25 * p0, 0.005) }, t, `for this user (last ${h.days} days)`);
        if (a) candidates.push(a);
      }
    }
    const firing = candidates.filter((a) => a.firing).sort((a, b) => b.z - a.z)[0];
    const open = ctx.openKeys.has(dedupeKeyOf(rule.id, "user", userId));
    const chosen = firing ?? (open ? candidates.find((a) => a.holding) : undefined);
    if (!chosen) continue;
    const f = toFinding(ctx, rule, "user", userId, chosen);
    if (f.chart && chosen.metric !== "error_rate") {
      const perMin = chosen.expected / chosen.windowMinutes;
      f.chart.band = { center: perMin, low: 0, high: (chosen.expected + 3 * chosen.sd) / chosen.windowMinutes };
    }
    out.push(f);
  }
  return out;
}

/**
 * Drops new broader findings mostly explained by a narrower one of the same run — firing, or holding an
 * alert already open (a team's error rate that crosses the line an hour into a tool's outage is that outage).
 */
export function suppressExplained(findings: Finding[], parents: Map<string, Set<string>>, openKeys: Set<string>): Finding[] {
  const firing = findings.filter((f) => f.firing);
  const explained = new Set<Finding>();
  for (const parent of firing) {
    if (parent.subjectType === "tool" || parent.subjectType === "user" || openKeys.has(parent.dedupeKey)) continue;
    const pKey = seriesKey(parent.subjectType, parent.subjectValue);
    const pExcess = parent.excess ?? 0;
    for (const child of findings) {
      if (child === parent || child.subjectType === "user") continue;
      if (!parents.get(seriesKey(child.subjectType, child.subjectValue))?.has(pKey)) continue;
      if ((child.excess ?? 0) >= EXPLAINED_SHARE * pExcess) {
        explained.add(parent);
        break;
      }
    }
  }
  return findings.filter((f) => !explained.has(f));
}

export function evaluateAnomalyRule(ctx: DetectorContext, rule: DetectorRule<"anomaly">): Finding[] {
  const out: Finding[] = [];
  for (const d of rule.config.dimensions) {
    if (d === "user") out.push(...evaluateUsers(ctx, rule));
    else out.push(...evaluateRollupDimension(ctx, rule, d));
  }
  return suppressExplained(out, parentsOf(ctx), ctx.openKeys);
}
