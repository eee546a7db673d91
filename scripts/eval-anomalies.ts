/**
 * `npm run eval:anomalies` — how well the detectors find incidents, on 30 days of synthetic traffic.
 *
 * In a scratch embedded Postgres: 30 days of traffic with a daily and weekly rhythm (users in bursty
 * sessions, service accounts, regions with different working hours, quiet weekends) are written straight
 * into the rollups and the events table (as ingest would), with 16 labelled incidents injected (different
 * kinds and sizes, some subtle). The first 14 days are history; from then on the traffic is written minute
 * by minute and the detector job's code runs after every minute with a simulated "now", exactly as it would
 * live. Scored from day 17 on (the per-user baselines and the series' pooled dispersions need a few days of
 * the detector's own runs).
 *
 * Prints recall (incidents caught), precision (alerts that match an incident), false alerts per day of
 * normal traffic, notifications per incident and how well the alerts were grouped into incidents (a Warden
 * incident holding alerts of two real incidents is a wrong merge), median detection delay, and then the
 * detector's runtime with 10,000 active series.
 *
 * An alert counts for an incident when it names a subject the incident's calls touched, measures what the
 * incident changed (its error rate, latency, spend, volume — or the rule it trips), and opened between the
 * incident's start and 20 minutes after its end. Every other alert is a false alert.
 *
 * Options: --days N (default 30), --seed N, --users N (default 300), --step N (minutes between detector runs,
 * default 1; larger only to iterate faster), --skip-bench, --bench-only, --keep (leave the data dir).
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { startEmbeddedPostgres } from "../lib/db/embedded-postgres";
import { applyMigrations } from "../lib/db/migrate";

const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const flag = (name: string) => args.includes(`--${name}`);

const DAYS = opt("days", 30);
const SEED = opt("seed", 7);
const USERS = opt("users", 300);
const STEP = opt("step", 1);
const DETECT_FROM_DAY = 14;
const SCORE_FROM_DAY = 17;
/** Monday 2030-01-07 00:00 UTC. */
const START = Date.UTC(2030, 0, 7);
const MATCH_AFTER_END_MIN = 20;

async function main() {
  const dataDir = await mkdtemp(path.join(tmpdir(), "warden-eval-"));
  const pg = await startEmbeddedPostgres({ dataDir });
  try {
    await applyMigrations(pg.url);
    process.env.DATABASE_URL = pg.url;
    // A scratch database: no need to wait for the disk on every synthetic minute written.
    const { pool } = await import("../lib/db");
    await pool().query("ALTER DATABASE warden SET synchronous_commit = off");
    process.env.LOG_LEVEL ??= "warn";
    if (!flag("bench-only")) await evaluate();
    if (!flag("skip-bench")) await benchmark();
  } finally {
    const { closeDb } = await import("../lib/db");
    await closeDb();
    await pg.stop();
    if (!flag("keep")) await rm(dataDir, { recursive: true, force: true });
    else console.log(`data kept in ${dataDir}`);
  }
}

// ───────────────────────────── evaluation ─────────────────────────────

async function evaluate() {
  const { db, pool } = await import("../lib/db");
  const world = await import("../lib/anomaly/eval/synthetic-world");
  const { makeIncidents } = await import("../lib/anomaly/eval/incidents");
  const write = await import("../lib/anomaly/eval/write-rollups");
  const { runDetectors } = await import("../lib/anomaly/run-detectors");

  const users = world.makeUsers(SEED, USERS);
  let gen: InstanceType<typeof world.TrafficGenerator>;
  const incidents = makeIncidents(() => gen, users);
  gen = new world.TrafficGenerator(users, incidents, SEED);
  const related = new Map<string, Set<string>>(incidents.map((i) => [i.id, new Set(i.subjects)]));

  for (const g of world.GATEWAYS) await db().gateway.create({ data: { id: g.id, name: g.name } });
  await pool().query("SELECT warden_ensure_event_partitions($1::date, $2::date)", [new Date(START).toISOString().slice(0, 10), new Date(START + DAYS * 86_400_000).toISOString().slice(0, 10)]);
  const rules = [
    { name: "Prompt injection", kind: "risk_flag", severity: "critical" as const, config: { flag: "prompt_injection" } },
    { name: "New tool", kind: "first_use", severity: "warning" as const, config: { what: "tool" } },
    { name: "Destructive tools", kind: "tool_call", severity: "critical" as const, config: { toolPattern: "*delete*" } },
    { name: "Production gateway silent", kind: "gateway_silent", severity: "critical" as const, config: { windowMinutes: 15, gatewayPattern: "gw-{eu,us}" } },
    { name: "Unusual SQL params", kind: "new_params", severity: "warning" as const, config: { toolPattern: "db.*" } },
    { name: "Team spend", kind: "spend", severity: "warning" as const, config: { thresholdUsd: 25, windowMinutes: 60, dimension: "team" } },
    { name: "Tool failing", kind: "error_rate", severity: "critical" as const, config: { thresholdPercent: 35, windowMinutes: 10, minCalls: 20 } },
  ];
  for (const r of rules) await db().alertRule.create({ data: r });

  const subjectsOf = (c: { tool: string; server: string; team: string; gatewayId: string; userId: string }) => [`tool:${c.tool}`, `server:${c.server}`, `team:${c.team}`, `gateway:${c.gatewayId}`, `user:${c.userId}`];

  // History: generated minute by minute, written a day at a time.
  const t0 = performance.now();
  let totalCalls = 0;
  for (let day = 0; day < DETECT_FROM_DAY; day++) {
    const minuteRows: import("../lib/anomaly/eval/write-rollups").BucketRow[] = [];
    const hourRows = new Map<string, import("../lib/anomaly/eval/write-rollups").BucketRow>();
    const userDays = new Map<string, import("../lib/anomaly/eval/write-rollups").UserDayRow>();
    const flags = new Map<string, import("../lib/anomaly/eval/write-rollups").FlagRow>();
    const events: EventRow[] = [];
    for (let m = day * world.DAY_MINUTES; m < (day + 1) * world.DAY_MINUTES; m++) {
      const calls = gen.callsAt(m);
      totalCalls += calls.length;
      collect(m, calls, minuteRows, hourRows, userDays, flags, related, subjectsOf, world);
      events.push(...eventsOf(m, calls));
    }
    await write.writeTimeRollup(pool(), "minute", minuteRows);
    await write.writeTimeRollup(pool(), "hour", [...hourRows.values()]);
    await write.writeUserDays(pool(), [...userDays.values()]);
    await write.writeFlags(pool(), [...flags.values()]);
    for (let i = 0; i < events.length; i += 20_000) await write.writeEvents(pool(), events.slice(i, i + 20_000));
  }
  console.log(`history: ${DETECT_FROM_DAY} days, ${totalCalls.toLocaleString("en-US")} calls written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // Live part: write each minute, then run the detector at the end of it.
  const runMs: number[] = [];
  const phases = new Map<string, number[]>();
  let seriesSum = 0;
  const t1 = performance.now();
  for (let m = DETECT_FROM_DAY * world.DAY_MINUTES; m < DAYS * world.DAY_MINUTES; m++) {
    const calls = gen.callsAt(m);
    totalCalls += calls.length;
    const minuteRows: import("../lib/anomaly/eval/write-rollups").BucketRow[] = [];
    const hourRows = new Map<string, import("../lib/anomaly/eval/write-rollups").BucketRow>();
    const userDays = new Map<string, import("../lib/anomaly/eval/write-rollups").UserDayRow>();
    const flags = new Map<string, import("../lib/anomaly/eval/write-rollups").FlagRow>();
    collect(m, calls, minuteRows, hourRows, userDays, flags, related, subjectsOf, world);
    const client = await pool().connect();
    try {
      await client.query("BEGIN");
      await write.writeTimeRollup(client, "minute", minuteRows);
      await write.writeTimeRollup(client, "hour", [...hourRows.values()]);
      await write.writeUserDays(client, [...userDays.values()]);
      await write.writeFlags(client, [...flags.values()]);
      await write.writeEvents(client, eventsOf(m, calls));
      await client.query("COMMIT");
    } finally {
      client.release();
    }
    if ((m + 1) % STEP !== 0) continue;
    const r = await runDetectors({ now: new Date(START + (m + 1) * 60_000), waitForLock: true });
    runMs.push(r.ms);
    seriesSum += r.series;
    for (const [k, v] of Object.entries(r.timings)) {
      const xs = phases.get(k) ?? [];
      xs.push(v);
      phases.set(k, xs);
    }
    if ((m + 1) % world.DAY_MINUTES === 0) {
      const day = (m + 1) / world.DAY_MINUTES;
      const detail = [...phases].map(([k, xs]) => `${k} ${median(xs.slice(-world.DAY_MINUTES)).toFixed(1)}`).join(", ");
      process.stdout.write(`  day ${day}/${DAYS}: detector median ${median(runMs.slice(-world.DAY_MINUTES)).toFixed(1)} ms/run (${detail})\n`);
    }
  }
  const liveMinutes = ((DAYS - DETECT_FROM_DAY) * world.DAY_MINUTES) / STEP;
  console.log(
    `live: ${DAYS - DETECT_FROM_DAY} days written minute by minute, the detector run every ${STEP === 1 ? "minute" : `${STEP} minutes`} (${liveMinutes.toLocaleString("en-US")} runs) in ${((performance.now() - t1) / 1000).toFixed(0)} s; ` +
      `${totalCalls.toLocaleString("en-US")} calls in all; ~${Math.round(seriesSum / liveMinutes)} active series per run; detector run median ${median(runMs).toFixed(1)} ms, p95 ${percentile(runMs, 95).toFixed(1)} ms`,
  );

  // Scoring.
  const scoreFrom = new Date(START + SCORE_FROM_DAY * 86_400_000);
  const alerts = await db().alert.findMany({ where: { firstSeenAt: { gte: scoreFrom } }, orderBy: { firstSeenAt: "asc" } });
  const scored = incidents.filter((i) => i.start >= SCORE_FROM_DAY * world.DAY_MINUTES && i.start < DAYS * world.DAY_MINUTES);
  const matchedAlerts = new Set<string>();
  const rows: string[][] = [];
  const delays: number[] = [];
  let caught = 0;
  // Notifications per real incident: one per alert without incidents, one per Warden incident with them.
  const notified: { alerts: number; incidents: number }[] = [];
  /** Real incidents whose alerts landed in more than one Warden incident: what each notification was about. */
  const split: string[] = [];
  /** The real incidents each alert matched. */
  const causesOf = new Map<string, string[]>();
  for (const inc of scored) {
    const from = START + inc.start * 60_000;
    const to = START + (inc.end + MATCH_AFTER_END_MIN) * 60_000;
    const subjects = related.get(inc.id)!;
    const hits = alerts.filter(
      (a) => a.firstSeenAt.getTime() >= from && a.firstSeenAt.getTime() <= to && subjects.has(`${a.subjectType}:${a.subjectValue}`) && inc.metrics.includes(metricOf(a.kind)),
    );
    hits.forEach((a) => matchedAlerts.add(a.id));
    for (const a of hits) causesOf.set(a.id, [...(causesOf.get(a.id) ?? []), inc.id]);
    if (hits.length) notified.push({ alerts: hits.length, incidents: new Set(hits.map((a) => a.incidentId ?? a.id)).size });
    const groups = new Map<string, string[]>();
    for (const a of hits) groups.set(a.incidentId ?? a.id, [...(groups.get(a.incidentId ?? a.id) ?? []), `${a.kind} ${a.subjectType}:${a.subjectValue} @${a.firstSeenAt.toISOString().slice(11, 16)}`]);
    if (groups.size > 1) split.push(`  ${inc.id} ${inc.kind}: ${[...groups.values()].map((g) => `[${g.join(", ")}]`).join(" ")}`);
    const first = hits[0];
    if (first) {
      caught++;
      delays.push((first.firstSeenAt.getTime() - from) / 60_000);
    }
    rows.push([
      inc.id,
      inc.kind,
      first ? `${((first.firstSeenAt.getTime() - from) / 60_000).toFixed(0)} min` : "MISSED",
      String(hits.length),
      first ? `${first.title}: ${first.explanation}` : inc.description,
    ]);
  }
  const falseAlerts = alerts.filter((a) => !matchedAlerts.has(a.id));
  const scoredDays = DAYS - SCORE_FROM_DAY;
  const incidentDays = scored.reduce((a, i) => a + (i.end - i.start + MATCH_AFTER_END_MIN) / world.DAY_MINUTES, 0);
  console.log(`\nIncidents (scored from day ${SCORE_FROM_DAY}, ${scoredDays} days):`);
  for (const r of rows) console.log(`  ${r[0]}  ${r[1].padEnd(36)} ${r[2].padStart(7)}  ${r[3].padStart(2)} alert(s)  ${r[4].slice(0, 150)}`);
  if (split.length) {
    console.log(`\nIncidents notified more than once (each [ ] is one Warden incident: rule kind, subject, opened):`);
    for (const line of split) console.log(line.slice(0, 400));
  }
  // Grouping precision: a Warden incident should hold the alerts of one real incident only (and false alerts
  // should not ride along with a real one, where they would go unnoticed).
  const wardenIncidents = new Map<string, typeof alerts>();
  for (const a of alerts) wardenIncidents.set(a.incidentId ?? a.id, [...(wardenIncidents.get(a.incidentId ?? a.id) ?? []), a]);
  const withReal = [...wardenIncidents.values()].filter((xs) => xs.some((a) => causesOf.has(a.id)));
  const merged = withReal.filter((xs) => new Set(xs.flatMap((a) => causesOf.get(a.id) ?? [])).size > 1);
  const riders = withReal.flatMap((xs) => xs.filter((a) => !causesOf.has(a.id)));
  const label = (a: (typeof alerts)[number]) => `${a.kind} ${a.subjectType}:${a.subjectValue} @${a.firstSeenAt.toISOString().slice(5, 16)}${causesOf.has(a.id) ? ` (${causesOf.get(a.id)!.join("+")})` : " (no incident)"}`;
  if (merged.length || riders.length) {
    console.log(`\nWarden incidents holding more than one real incident, or false alerts beside a real one:`);
    for (const xs of withReal.filter((x) => merged.includes(x) || x.some((a) => riders.includes(a)))) console.log(`  [${xs.map(label).join(", ")}]`.slice(0, 400));
  }
  if (falseAlerts.length) {
    console.log(`\nAlerts matching no incident (${falseAlerts.length}):`);
    for (const a of falseAlerts.slice(0, 40)) console.log(`  ${a.firstSeenAt.toISOString().slice(0, 16)}  ${a.title}: ${a.explanation.slice(0, 140)}`);
  }
  console.log("\nRESULTS");
  console.log(`  recall                         ${(caught / scored.length).toFixed(2)}  (${caught} of ${scored.length} incidents caught; target ≥ 0.9)`);
  console.log(`  precision                      ${(alerts.length ? matchedAlerts.size / alerts.length : 1).toFixed(2)}  (${matchedAlerts.size} of ${alerts.length} alerts match an incident)`);
  console.log(`  false alerts per day           ${(falseAlerts.length / (scoredDays - incidentDays)).toFixed(2)}  (${falseAlerts.length} over ${(scoredDays - incidentDays).toFixed(1)} days of normal traffic; target ≤ 1)`);
  const perIncident = (pick: (n: { alerts: number; incidents: number }) => number) => (notified.reduce((a, n) => a + pick(n), 0) / Math.max(notified.length, 1)).toFixed(2);
  console.log(`  notifications per incident     ${perIncident((n) => n.incidents)}  (before incidents: ${perIncident((n) => n.alerts)}, one per alert; over the ${notified.length} incidents caught; target ≤ 1.5)`);
  console.log(
    `  grouping precision             ${(withReal.length ? (withReal.length - merged.length) / withReal.length : 1).toFixed(2)}  (${withReal.length - merged.length} of ${withReal.length} Warden incidents with a real incident's alerts hold one real incident only; ${riders.length} false alert(s) grouped into them)`,
  );
  console.log(`  alerts raised / incidents      ${alerts.length} / ${new Set(alerts.map((a) => a.incidentId ?? a.id)).size}  (notifications without / with incidents, all alerts scored)`);
  console.log(`  median detection delay         ${median(delays).toFixed(1)} min  (target ≤ 3; mean ${(delays.reduce((a, b) => a + b, 0) / Math.max(delays.length, 1)).toFixed(1)}, max ${Math.max(...delays, 0).toFixed(0)})`);
}

type EventRow = import("../lib/anomaly/eval/synthetic-world").SyntheticCall & { id: string; ts: Date };

/** The events of one minute's calls, as ingest stores them beside the rollups (spread over the minute). */
function eventsOf(m: number, calls: import("../lib/anomaly/eval/synthetic-world").SyntheticCall[]): EventRow[] {
  return calls.map((c, i) => ({ ...c, id: randomUUID(), ts: new Date(START + m * 60_000 + ((i * 997) % 60_000)) }));
}

function collect(
  m: number,
  calls: import("../lib/anomaly/eval/synthetic-world").SyntheticCall[],
  minuteRows: import("../lib/anomaly/eval/write-rollups").BucketRow[],
  hourRows: Map<string, import("../lib/anomaly/eval/write-rollups").BucketRow>,
  userDays: Map<string, import("../lib/anomaly/eval/write-rollups").UserDayRow>,
  flags: Map<string, import("../lib/anomaly/eval/write-rollups").FlagRow>,
  related: Map<string, Set<string>>,
  subjectsOf: (c: import("../lib/anomaly/eval/synthetic-world").SyntheticCall) => string[],
  world: typeof import("../lib/anomaly/eval/synthetic-world"),
) {
  const bucket = new Date(START + m * 60_000);
  const hour = new Date(Math.floor(bucket.getTime() / 3_600_000) * 3_600_000);
  const day = bucket.toISOString().slice(0, 10);
  for (const r of world.aggregateMinute(calls)) {
    minuteRows.push({ ...r, bucket });
    const hk = `${hour.getTime()}|${r.gatewayId}|${r.server}|${r.tool}|${r.team}`;
    const h = hourRows.get(hk);
    if (!h) hourRows.set(hk, { ...r, lat: [...r.lat], bucket: hour });
    else {
      h.calls += r.calls;
      h.errors += r.errors;
      h.flagged += r.flagged;
      h.costUsd += r.costUsd;
      h.durationSum += r.durationSum;
      for (let i = 0; i < 12; i++) h.lat[i] += r.lat[i];
    }
  }
  for (const c of calls) {
    const uk = `${day}|${c.userId}|${c.team}|${c.gatewayId}`;
    let u = userDays.get(uk);
    if (!u) userDays.set(uk, (u = { day, userId: c.userId, team: c.team, gatewayId: c.gatewayId, calls: 0, errors: 0, flagged: 0, costUsd: 0 }));
    u.calls++;
    if (c.error) u.errors++;
    if (c.flags.length) u.flagged++;
    u.costUsd += c.costUsd;
    for (const f of c.flags) {
      const fk = `${c.gatewayId}|${c.tool}|${f}`;
      const row = flags.get(fk);
      if (row) row.calls++;
      else flags.set(fk, { bucket, gatewayId: c.gatewayId, tool: c.tool, flag: f, calls: 1 });
    }
    if (c.incident) for (const s of subjectsOf(c)) related.get(c.incident)!.add(s);
  }
}

// ───────────────────────────── benchmark: 10,000 active series ─────────────────────────────

async function benchmark() {
  const { pool, db } = await import("../lib/db");
  const write = await import("../lib/anomaly/eval/write-rollups");
  const { runDetectors } = await import("../lib/anomaly/run-detectors");
  const { clearBaselineCache } = await import("../lib/anomaly/find-seasonal-baselines");
  const { bootstrapKnownValues, clearKnownValuesCache } = await import("../lib/anomaly/known-values");
  const { seededRandom, poisson } = await import("../lib/anomaly/stats");

  // 10,000 subjects: 7,000 tools on 400 servers, 40 teams, 60 gateways, 2,500 users. One rollup combo per
  // tool; the last 60 minutes of minute rollups, the hourly samples the baselines read, and today's user rows.
  const TOOLS = 7000;
  const SERVERS = 400;
  const TEAMS = 40;
  const GWS = 60;
  const BENCH_USERS = 2500;
  const now = new Date(Date.UTC(2032, 5, 9, 14, 30)); // a Wednesday
  const rand = seededRandom(99);
  const gw = (i: number) => `00000000-0000-4000-9000-${String(i).padStart(12, "0")}`;
  const combos = Array.from({ length: TOOLS }, (_, i) => ({ gatewayId: gw(i % GWS), server: `bench-srv-${i % SERVERS}`, tool: `bench-tool-${i}`, team: `bench-team-${i % TEAMS}` }));
  const rowFor = (c: (typeof combos)[number], bucket: Date, scale: number) => {
    const calls = poisson(rand, 3 * scale);
    const lat = new Array(12).fill(0);
    for (let k = 0; k < calls; k++) lat[3 + Math.floor(rand() * 4)]++;
    return { ...c, bucket, calls, errors: poisson(rand, 0.05 * calls), flagged: 0, costUsd: calls * 0.001, durationSum: calls * 200, lat };
  };
  const t0 = performance.now();
  const minuteStart = Math.floor(now.getTime() / 60_000) * 60_000;
  for (let k = 0; k < 60; k++) await write.writeTimeRollup(pool(), "minute", combos.map((c) => rowFor(c, new Date(minuteStart - k * 60_000), 1)).filter((r) => r.calls > 0));
  // Hourly history the detector reads: the sample hours of the seasonal baselines (± 3 h, 4 weeks back).
  const hour = Math.floor(now.getTime() / 3_600_000) * 3_600_000;
  const hours = new Set<number>();
  for (let w = 1; w <= 4; w++) for (let j = -3; j <= 3; j++) hours.add(hour - w * 7 * 86_400_000 + j * 3_600_000);
  for (const h of hours) await write.writeTimeRollup(pool(), "hour", combos.map((c) => rowFor(c, new Date(h), 60)));
  const day = now.toISOString().slice(0, 10);
  const userRows = Array.from({ length: BENCH_USERS }, (_, i) => ({ day, userId: `bench-user-${i}`, team: `bench-team-${i % TEAMS}`, gatewayId: gw(i % GWS), calls: 100, errors: 2, flagged: 0, costUsd: 0.5 }));
  await write.writeUserDays(pool(), userRows);
  await db().$executeRaw`DELETE FROM anomaly_state`;
  await bootstrapKnownValues(pool());
  console.log(`\nbenchmark data written in ${((performance.now() - t0) / 1000).toFixed(1)} s (${hours.size} hours of hourly rollups)`);

  clearBaselineCache();
  clearKnownValuesCache();
  const first = await runDetectors({ now, waitForLock: true });
  // Users move between runs, as live.
  await write.writeUserDays(pool(), userRows.map((u) => ({ ...u, calls: 3, errors: 0, costUsd: 0.01 })));
  const second = await runDetectors({ now: new Date(now.getTime() + 60_000), waitForLock: true });
  const steady: number[] = [];
  const phases = new Map<string, number[]>();
  for (let k = 2; k < 12; k++) {
    await write.writeUserDays(pool(), userRows.map((u) => ({ ...u, calls: 3, errors: 0, costUsd: 0.01 })));
    const r = await runDetectors({ now: new Date(now.getTime() + k * 60_000), waitForLock: true });
    steady.push(r.ms);
    for (const [p, v] of Object.entries(r.timings)) phases.set(p, [...(phases.get(p) ?? []), v]);
  }
  console.log("\nDETECTOR JOB RUNTIME, 10,000 active series");
  console.log(`  series scored per run          ${second.series.toLocaleString("en-US")} (×4 metrics; 7,000 tools, 400 servers, 40 teams, 60 gateways, 2,500 users)`);
  console.log(`  first run (baselines loaded)   ${first.ms} ms`);
  console.log(`  steady runs (baselines cached) median ${median(steady).toFixed(0)} ms, max ${Math.max(...steady)} ms over ${steady.length} runs`);
  console.log(`  steady run by phase (median ms): ${[...phases].map(([p, xs]) => `${p} ${median(xs).toFixed(0)}`).join(", ")}`);
  console.log(`  first run by phase (ms): ${Object.entries(first.timings).map(([p, v]) => `${p} ${v.toFixed(0)}`).join(", ")}`);
}

/** What an alert measures: "anomaly.<metric>" → metric; rules → their kind (spend is cost). */
function metricOf(kind: string): string {
  if (kind.startsWith("anomaly.")) return kind.slice("anomaly.".length);
  return kind === "spend" ? "cost" : kind;
}

function median(xs: number[]): number {
  return percentile(xs, 50);
}

function percentile(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
