import "server-only";
import { performance } from "node:perf_hooks";
import { pool } from "../db";
import { Prisma } from "../generated/prisma/client";
import { log } from "../log";
import { isRuleKind, parseRuleConfig, type RuleKind } from "../alerts/schema";
import { applyFindings, type ApplyResult } from "./apply-findings";
import { DEFAULT_RULES } from "./default-rules";
import { aggregate, LONG_WINDOW, SHORT_WINDOW, SLOW_WINDOW, type DetectorContext } from "./detector-context";
import { seriesKey } from "./dimensions";
import { evaluateAnomalyRule } from "./evaluate-anomaly-rule";
import {
  evaluateErrorRateRule,
  evaluateGatewaySilentRule,
  evaluateRiskFlagRule,
  evaluateSpendRule,
  evaluateToolCallRule,
} from "./evaluate-threshold-rules";
import { findSeasonalBaselines } from "./find-seasonal-baselines";
import { findSubjectSeries } from "./find-subject-series";
import { findUserHistory } from "./find-user-history";
import { MINUTE, floorHour, floorMinute, findWindowMeasures, windowStart } from "./find-window-measures";
import { dedupeKeyOf, type DetectorRule, type Finding } from "./finding";
import { bootstrapKnownValues, loadKnownValues, recordKnownValues } from "./known-values";
import { scanNewParams } from "./scan-new-params";
import { trackUserActivity, type UserActivity } from "./track-user-activity";
import { updateSeriesDispersions } from "./update-series-dispersions";
import { execute, rows, type Queryable } from "./sql";

// One detector run at `now` (a parameter: the job passes the wall clock, the evaluation and the tests a
// simulated one). Reads the rollups for the active series only, scores them, and applies the alert
// lifecycle in one transaction. Runs are serialised across instances by an advisory lock.

/** The detector's bookkeeping in anomaly_state ('detector'): when it last ran, whether it seeded what exists. */
export interface DetectorState {
  lastRunAt?: string;
  bootstrappedAt?: string;
}

export interface DetectorRunResult extends ApplyResult {
  now: string;
  /** Milliseconds per phase (for the benchmark). */
  timings: Record<string, number>;
  skipped?: "locked";
  findings: number;
  /** Active series scored (rollup combos aggregated per dimension, plus active users). */
  series: number;
  ms: number;
}

const LOCK_KEY = 727274007;
const CHART_MINUTES = 60;
const CHART_LEAD_MINUTES = 15;
const CHART_MAX_MINUTES = 6 * 60;
const CHART_REFRESH_MS = 5 * MINUTE;
const MAX_CHARTS_PER_RUN = 50;
const USER_PAUSE_MS = 10 * MINUTE;

const g = globalThis as unknown as { __wardenRecentGateways?: { hourMs: number; ids: Set<string> } };

interface RuleDbRow {
  id: string;
  name: string;
  kind: string;
  config: unknown;
  severity: "info" | "warning" | "critical";
  enabled: boolean;
  muted: boolean;
  snoozed_until: Date | string | null;
}

interface OpenRow {
  id: string;
  open_key: string;
  rule_id: string | null;
  last_seen_at: string;
  first_seen_at: string;
  details: unknown;
}

async function loadRules(q: Queryable, now: Date) {
  return activeRules(await rows<RuleDbRow>(q, Prisma.sql`SELECT id::text AS id, name, kind, config, severity::text AS severity, enabled, muted, snoozed_until FROM alert_rules`), now);
}

function activeRules(all: RuleDbRow[], now: Date) {
  const active: DetectorRule[] = [];
  for (const r of all) {
    if (!r.enabled || r.muted || (r.snoozed_until && new Date(r.snoozed_until) > now) || !isRuleKind(r.kind)) continue;
    try {
      active.push({ id: r.id, name: r.name, kind: r.kind, severity: r.severity, config: parseRuleConfig(r.kind, r.config) } as DetectorRule);
    } catch (err) {
      log.warn({ ruleId: r.id, err: String(err) }, "alert rule with an invalid config skipped");
    }
  }
  return { all: new Map(all.map((r) => [r.id, r])), active };
}

const ofKind = <K extends RuleKind>(rules: DetectorRule[], kind: K) => rules.filter((r): r is DetectorRule<K> => r.kind === kind);

async function findRecentGateways(q: Queryable, now: Date): Promise<Set<string>> {
  const hourMs = floorHour(now.getTime());
  if (g.__wardenRecentGateways?.hourMs === hourMs) return g.__wardenRecentGateways.ids;
  const found = await rows<{ g: string }>(
    q,
    Prisma.sql`SELECT DISTINCT gateway_id::text AS g FROM rollup_hour WHERE bucket >= ${new Date(hourMs - 24 * 3_600_000)} AND bucket <= ${now}`,
  );
  const ids = new Set(found.map((r) => r.g));
  g.__wardenRecentGateways = { hourMs, ids };
  return ids;
}

async function findFlags(q: Queryable, now: Date, minutes: number): Promise<DetectorContext["flags"]> {
  const found = await rows<{ t: string; f: string; g: string; c: number }>(
    q,
    Prisma.sql`
    SELECT tool AS t, flag AS f, gateway_id::text AS g, sum(calls)::float8 AS c FROM rollup_flag_minute
    WHERE bucket >= ${windowStart(now, minutes)} AND bucket <= ${new Date(floorMinute(now.getTime()))}
    GROUP BY tool, flag, gateway_id`,
  );
  const out: DetectorContext["flags"] = new Map();
  for (const r of found) {
    let byFlag = out.get(r.t);
    if (!byFlag) out.set(r.t, (byFlag = new Map()));
    let v = byFlag.get(r.f);
    if (!v) byFlag.set(r.f, (v = { calls: 0, gateways: new Set() }));
    v.calls += r.c;
    v.gateways.add(r.g);
  }
  return out;
}

async function gatewaysActiveSince(q: Queryable, from: Date, now: Date): Promise<Set<string>> {
  const found = await rows<{ g: string }>(
    q,
    Prisma.sql`SELECT DISTINCT gateway_id::text AS g FROM rollup_hour WHERE bucket >= ${new Date(floorHour(from.getTime()))} AND bucket <= ${now} AND calls > 0`,
  );
  return new Set(found.map((r) => r.g));
}

/**
 * Chart data stored with the alert: its series from a quarter of an hour before it opened (at least the last
 * hour, at most the last CHART_MAX_MINUTES), refreshed every few minutes, so the moment it opened stays on
 * its chart while it lasts.
 */
async function chartDetails(q: Queryable, findings: Finding[], existing: Map<string, { details: unknown; firstSeenAt: Date }>, now: Date): Promise<Map<Finding, Record<string, unknown>>> {
  const out = new Map<Finding, Record<string, unknown>>();
  let budget = MAX_CHARTS_PER_RUN;
  for (const f of findings) {
    if (!f.chart) continue;
    const prev = (existing.get(f.dedupeKey)?.details ?? null) as { chart?: { seriesAt?: string } } | null;
    const prevChart = prev?.chart;
    if (prevChart?.seriesAt && now.getTime() - Date.parse(prevChart.seriesAt) < CHART_REFRESH_MS && Date.parse(prevChart.seriesAt) <= now.getTime()) {
      out.set(f, prevChart as Record<string, unknown>);
      continue;
    }
    if (budget-- <= 0) continue;
    const opened = existing.get(f.dedupeKey)?.firstSeenAt.getTime() ?? now.getTime();
    const from = Math.max(now.getTime() - CHART_MAX_MINUTES * MINUTE, Math.min(now.getTime() - CHART_MINUTES * MINUTE, opened - CHART_LEAD_MINUTES * MINUTE));
    const series = await findSubjectSeries(q, f.chart, new Date(from), now);
    out.set(f, { ...f.chart, series, seriesAt: now.toISOString() });
  }
  return out;
}

/**
 * `replay`: a run over history (backfill): per-user activity cannot be reconstructed from daily totals
 * after the fact, and first uses and params are not judged.
 */
export async function runDetectors(opts: { now?: Date; waitForLock?: boolean; replay?: boolean } = {}): Promise<DetectorRunResult> {
  const now = opts.now ?? new Date();
  const started = performance.now();
  const timings: Record<string, number> = {};
  let mark = started;
  const lap = (name: string) => {
    const t = performance.now();
    timings[name] = Math.round((t - mark) * 10) / 10;
    mark = t;
  };
  const client = await pool().connect();
  let result: (ApplyResult & { findings: number; series: number }) | null = null;
  try {
    // Everything the run writes is recomputed by the next run: no need to wait for the WAL flush.
    await client.query("BEGIN; SET LOCAL synchronous_commit TO OFF");
    result = await detect(client, now, { waitForLock: !!opts.waitForLock, replay: !!opts.replay }, lap);
    await client.query(result ? "COMMIT" : "ROLLBACK");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
  lap("commit");
  const ms = Math.round(performance.now() - started);
  if (!result) return { now: now.toISOString(), skipped: "locked", opened: [], updated: [], escalated: [], resolved: [], findings: 0, series: 0, ms, timings };
  return { now: now.toISOString(), ...result, ms, timings };
}

async function detect(
  q: Queryable,
  now: Date,
  mode: { waitForLock: boolean; replay: boolean },
  lap: (name: string) => void,
): Promise<(ApplyResult & { findings: number; series: number }) | null> {
  const [lock] = mode.waitForLock
    ? await rows<{ ok: boolean }>(q, Prisma.sql`SELECT true AS ok FROM (SELECT pg_advisory_xact_lock(${LOCK_KEY})) AS l`)
    : await rows<{ ok: boolean }>(q, Prisma.sql`SELECT pg_try_advisory_xact_lock(${LOCK_KEY}) AS ok`);
  if (!lock?.ok) return null;

  // What the run needs to know besides the rollups, in one round trip.
  const [snapshot] = await rows<{ state: DetectorState | null; rules: RuleDbRow[] | null; gateways: { id: string; name: string }[] | null; open: OpenRow[] | null }>(
    q,
    Prisma.sql`
    SELECT
      (SELECT value FROM anomaly_state WHERE key = 'detector') AS state,
      (SELECT json_agg(json_build_object('id', id, 'name', name, 'kind', kind, 'config', config, 'severity', severity, 'enabled', enabled,
        'muted', muted, 'snoozed_until', snoozed_until)) FROM alert_rules) AS rules,
      (SELECT json_agg(json_build_object('id', id, 'name', name)) FROM gateways) AS gateways,
      (SELECT json_agg(json_build_object('id', id, 'open_key', open_key, 'rule_id', rule_id, 'last_seen_at', last_seen_at, 'first_seen_at', first_seen_at, 'details', details))
        FROM alerts WHERE open_key IS NOT NULL AND source IN ('anomaly', 'rule')) AS open`,
  );
  const state = snapshot.state ?? {};
  const lastRunAt = state.lastRunAt ? new Date(state.lastRunAt) : null;
  const firstRun = !state.bootstrappedAt;
  if (firstRun) {
    await bootstrapKnownValues(q);
    const [{ n }] = await rows<{ n: number }>(q, Prisma.sql`SELECT count(*)::int AS n FROM alert_rules WHERE kind = 'anomaly'`);
    if (n === 0) {
      for (const r of DEFAULT_RULES) {
        // (created once, on the first run ever; they are ordinary rules people can edit or delete)
        await execute(
          q,
          Prisma.sql`INSERT INTO alert_rules (id, name, kind, config, severity, enabled, muted, created_at, updated_at)
            VALUES (gen_random_uuid(), ${r.name}, ${r.kind}, ${JSON.stringify(r.config)}::jsonb, ${r.severity}::"AlertSeverity", ${r.enabled}, false, now(), now())`,
        );
      }
    }
  }

  const rules = firstRun ? await loadRules(q, now) : activeRules(snapshot.rules ?? [], now);
  lap("rules");
  const gap = lastRunAt ? now.getTime() - lastRunAt.getTime() : Infinity;
  const eventWindow = Number.isFinite(gap) && gap > 0 ? Math.min(60, Math.max(2, Math.ceil(gap / MINUTE) + 1)) : 2;
  const windowSet = new Set([SHORT_WINDOW, LONG_WINDOW, SLOW_WINDOW, eventWindow]);
  for (const r of ofKind(rules.active, "error_rate")) windowSet.add(r.config.windowMinutes);
  for (const r of ofKind(rules.active, "spend")) windowSet.add(r.config.windowMinutes);
  for (const r of ofKind(rules.active, "gateway_silent")) if (r.config.windowMinutes <= 60) windowSet.add(r.config.windowMinutes);
  const windows = [...windowSet].sort((a, b) => a - b);

  const anomalyRules = ofKind(rules.active, "anomaly");
  const needsUserErrors = anomalyRules.some((r) => r.config.metric === "error_rate" && r.config.dimensions.includes("user"));
  const combos = await findWindowMeasures(q, { now, windows });
  lap("windows");
  const known = await loadKnownValues(q);
  const baselines = await findSeasonalBaselines(q, now);
  // (a new hour's samples: fold the hour-slots they add into the series' dispersions)
  baselines.dispersions ??= await updateSeriesDispersions(q, baselines, known);
  const gateways = snapshot.gateways ?? [];
  const openAlerts = (snapshot.open ?? []).map((a) => ({ id: a.id, openKey: a.open_key, ruleId: a.rule_id, lastSeenAt: new Date(a.last_seen_at), firstSeenAt: new Date(a.first_seen_at), details: a.details }));
  lap("read");
  const users = mode.replay
    ? new Map<string, UserActivity>()
    : await trackUserActivity(q, {
        now,
        windows,
        shortWindow: SHORT_WINDOW,
        longWindow: LONG_WINDOW,
        initialize: !lastRunAt || gap > USER_PAUSE_MS || gap < 0,
      });
  lap("users");
  const ctx: DetectorContext = {
    now,
    windows,
    eventWindow,
    combos,
    baselines,
    known,
    users,
    userHistory: needsUserErrors ? await findUserHistory(q, now, [...users.keys()]) : new Map(),
    gatewayNames: new Map(gateways.map((gw) => [gw.id, gw.name])),
    openKeys: new Set(openAlerts.map((a) => a.openKey)),
    flags: ofKind(rules.active, "risk_flag").length ? await findFlags(q, now, eventWindow) : new Map(),
    recentGateways: ofKind(rules.active, "gateway_silent").length ? await findRecentGateways(q, now) : new Set(),
    lastRunAt,
    memo: new Map(),
  };
  lap("context");

  const findings: Finding[] = [];
  for (const r of anomalyRules) findings.push(...evaluateAnomalyRule(ctx, r));
  for (const r of ofKind(rules.active, "error_rate")) findings.push(...evaluateErrorRateRule(ctx, r));
  for (const r of ofKind(rules.active, "spend")) findings.push(...evaluateSpendRule(ctx, r));
  for (const r of ofKind(rules.active, "tool_call")) findings.push(...evaluateToolCallRule(ctx, r));
  for (const r of ofKind(rules.active, "risk_flag")) findings.push(...evaluateRiskFlagRule(ctx, r));
  for (const r of ofKind(rules.active, "gateway_silent")) {
    const w = r.config.windowMinutes;
    const active = w <= 60 ? new Set(aggregate(ctx, "gateway", w).keys()) : await gatewaysActiveSince(q, new Date(now.getTime() - w * MINUTE), now);
    findings.push(...evaluateGatewaySilentRule(ctx, r, active));
  }
  lap("score");

  // Known values: everything active now; what is new is a first use (not on the very first run, which
  // only learns what exists).
  const keys: string[] = [];
  for (const d of ["tool", "server", "team", "gateway"] as const) for (const v of aggregate(ctx, d, eventWindow).keys()) keys.push(seriesKey(d, v));
  for (const u of users.keys()) keys.push(seriesKey("user", u));
  // A value whose oldest hourly rollup is older than this window's hour was only missed by the bootstrap:
  // not a first use.
  const fresh = await recordKnownValues(q, keys, now, new Date(floorHour(now.getTime() - (eventWindow + 1) * MINUTE)));
  if (!firstRun && !mode.replay) findings.push(...firstUseFindings(ctx, ofKind(rules.active, "first_use"), fresh));

  const paramRules = mode.replay ? [] : ofKind(rules.active, "new_params");
  if (paramRules.length) {
    const since = lastRunAt && gap > 0 && gap < 60 * MINUTE ? lastRunAt : new Date(now.getTime() - eventWindow * MINUTE);
    findings.push(...(await scanNewParams(q, { now, since, rules: paramRules, activeTools: aggregate(ctx, "tool", eventWindow).keys() })));
  }
  lap("known+params");

  const existing = new Map(openAlerts.map((a) => [a.openKey, a]));
  const charts = await chartDetails(
    q,
    findings.filter((f) => f.firing || existing.has(f.dedupeKey)),
    existing,
    now,
  );
  lap("charts");
  const applied = await applyFindings(q, {
    now,
    findings,
    openAlerts,
    rules: rules.all,
    detailsOf: (f) => ({ ...f.details, chart: charts.get(f) ?? null }),
  });
  const next: DetectorState = { ...state, lastRunAt: now.toISOString(), bootstrappedAt: state.bootstrappedAt ?? now.toISOString() };
  await execute(
    q,
    Prisma.sql`INSERT INTO anomaly_state (key, value, updated_at) VALUES ('detector', ${JSON.stringify(next)}::jsonb, now())
      ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`,
  );
  lap("apply");
  const series = ["tool", "server", "team", "gateway"].reduce((a, d) => a + aggregate(ctx, d as "tool", LONG_WINDOW).size, 0) + users.size;
  return { ...applied, findings: findings.length, series };
}

function firstUseFindings(ctx: DetectorContext, rules: DetectorRule<"first_use">[], fresh: string[]): Finding[] {
  const out: Finding[] = [];
  for (const rule of rules) {
    for (const key of fresh) {
      const [kind, value] = key.split("\u0000");
      if (kind !== rule.config.what) continue;
      const where = ctx.combos.filter((c) => (kind === "tool" ? c.tool : c.server) === value);
      const servers = [...new Set(where.map((c) => c.server))];
      const gws = [...new Set(where.map((c) => ctx.gatewayNames.get(c.gatewayId) ?? c.gatewayId))];
      const teams = [...new Set(where.map((c) => c.team).filter(Boolean))];
      const context = [kind === "tool" && servers.length ? `server ${servers.join(", ")}` : null, gws.length ? `gateway ${gws.join(", ")}` : null, teams.length ? `team ${teams.join(", ")}` : null]
        .filter(Boolean)
        .join("; ");
      out.push({
        rule,
        dedupeKey: dedupeKeyOf(rule.id, kind, value),
        subjectType: kind as "tool" | "server",
        subjectValue: value,
        subjectLabel: value,
        firing: true,
        title: `First use of ${kind} ${value}`,
        explanation: `first call ever to ${kind} ${value}${context ? ` (${context})` : ""}`,
        value: null,
        baseline: null,
        details: {
          metric: "calls",
          subjectLabel: value,
          link: `/events?${new URLSearchParams({ [kind]: value, from: new Date(ctx.now.getTime() - ctx.eventWindow * MINUTE).toISOString(), to: ctx.now.toISOString() })}`,
        },
        chart: { dimension: kind as "tool" | "server", value, metric: "calls" },
      });
    }
  }
  return out;
}
