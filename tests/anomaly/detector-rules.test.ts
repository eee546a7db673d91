import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { closeDb, db, pool } from "../../lib/db";
import { bootstrapKnownValues } from "../../lib/anomaly/known-values";
import { applyFindings } from "../../lib/anomaly/apply-findings";
import type { Finding } from "../../lib/anomaly/finding";
import { createScratchDatabase } from "../support/scratch-db";
import { alertsOf, at, createGatewayRow, createRule, detectAt, seedCalls, seedEvent, seedFlag, seedHour, seedUserDay, HOUR } from "./seed";

// The detector job's code called directly with a simulated "now", against rollups seeded by hand, on a
// database of its own (the test server's live detector must not run over these rows, nor these runs over
// other tests' data). Each test has its own day of the simulated calendar and its own names.

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let gw: string;
let gw2: string;

beforeAll(async () => {
  scratch = await createScratchDatabase();
  process.env.DATABASE_URL = scratch.url;
  // Mark the detector as already set up, so the first run does not create the default statistical rules:
  // each test creates exactly the rules it is about.
  await db().anomalyState.create({ data: { key: "detector", value: { bootstrappedAt: "2031-01-01T00:00:00.000Z" } } });
  gw = await createGatewayRow("gw-main");
  gw2 = await createGatewayRow("gw-second");
});

afterEach(async () => {
  await db().alertRule.deleteMany();
});

afterAll(async () => {
  await closeDb();
  await scratch?.drop();
});

describe("threshold rules over seeded rollups", () => {
  it("an error-rate rule raises exactly one alert per subject over the threshold, with its numbers", async () => {
    const ruleId = await createRule({ name: "Failing tools", kind: "error_rate", severity: "critical", config: { thresholdPercent: 25, windowMinutes: 10, minCalls: 20 } });
    await seedCalls(
      { at: at(2, 10, 0, 30), gatewayId: gw, server: "git", tool: "er.create_pr", calls: 50, errors: 20 },
      { at: at(2, 10, 0, 30), gatewayId: gw, server: "git", tool: "er.get_file", calls: 50, errors: 5 },
      { at: at(2, 10, 0, 30), gatewayId: gw, server: "git", tool: "er.rare", calls: 10, errors: 6 },
    );
    const run = await detectAt(at(2, 10, 1));
    const alerts = await alertsOf(ruleId);
    expect(alerts.map((a) => [a.subjectType, a.subjectValue, a.status, a.severity, a.source, a.kind])).toEqual([["tool", "er.create_pr", "open", "critical", "rule", "error_rate"]]);
    const a = alerts[0];
    expect(run.opened).toEqual([a.id]);
    expect(a.title).toBe("Error rate above 25 % · tool er.create_pr");
    expect(a.explanation).toBe("error rate 40 % over 10 min (20 of 50 calls) on tool er.create_pr; threshold 25 % with at least 20 calls");
    expect(a.value).toBeCloseTo(0.4);
    expect(a.openKey).toBe(`rule:${ruleId}:tool:er.create_pr`);
    const details = a.details as Record<string, any>;
    expect(details.link).toBe(`/events?tool=er.create_pr&status=error&from=${encodeURIComponent(at(2, 9, 51).toISOString())}&to=${encodeURIComponent(at(2, 10, 1).toISOString())}`);
    expect(details.chart.series.find((p: { t: string }) => p.t === at(2, 10, 0).toISOString()).v).toBeCloseTo(0.4);
    expect(details.chart.threshold).toBe(0.25);
  });

  it("keeps one alert per condition and subject across runs, then resolves it after the quiet period, and a recurrence opens a new one", async () => {
    const ruleId = await createRule({ name: "Dedup", kind: "error_rate", config: { thresholdPercent: 25, windowMinutes: 5, minCalls: 20, quietMinutes: 3 } });
    await seedCalls({ at: at(3, 10, 0, 10), gatewayId: gw, server: "db", tool: "dd.query", calls: 50, errors: 20 });
    for (const m of [1, 2, 3]) await detectAt(at(3, 10, m));
    let alerts = await alertsOf(ruleId);
    expect(alerts).toHaveLength(1);
    expect(alerts[0].firstSeenAt).toEqual(at(3, 10, 1));
    expect(alerts[0].lastSeenAt).toEqual(at(3, 10, 3));

    // Traffic back to normal: 20 errors in 250 calls is 8 %, under the threshold and its hysteresis.
    await seedCalls({ at: at(3, 10, 4, 10), gatewayId: gw, server: "db", tool: "dd.query", calls: 200, errors: 0 });
    await detectAt(at(3, 10, 5));
    alerts = await alertsOf(ruleId);
    expect(alerts[0].status).toBe("open"); // quiet for 2 of 3 minutes
    const r = await detectAt(at(3, 10, 6));
    alerts = await alertsOf(ruleId);
    expect(r.resolved).toEqual([alerts[0].id]);
    expect(alerts[0]).toMatchObject({ status: "resolved", openKey: null, resolvedAt: at(3, 10, 6) });
    expect((alerts[0].details as Record<string, unknown>).autoResolved).toBe(true);

    await seedCalls({ at: at(3, 10, 20, 10), gatewayId: gw, server: "db", tool: "dd.query", calls: 40, errors: 30 });
    await detectAt(at(3, 10, 21));
    alerts = await alertsOf(ruleId);
    expect(alerts.map((a) => a.status)).toEqual(["resolved", "open"]);
    expect(alerts[1].id).not.toBe(alerts[0].id);
  });

  it("spend, tool-call, risk-flag, first-use, silence and params rules each raise exactly their alerts", async () => {
    const spend = await createRule({ name: "Team spend", kind: "spend", config: { thresholdUsd: 50, windowMinutes: 60, dimension: "team" } });
    const destructive = await createRule({ name: "Destructive", kind: "tool_call", severity: "critical", config: { toolPattern: "*{delete,drop}*" } });
    const injection = await createRule({ name: "Injection", kind: "risk_flag", severity: "critical", config: { flag: "prompt_injection" } });
    const firstUse = await createRule({ name: "New tools", kind: "first_use", config: { what: "tool" } });
    const silent = await createRule({ name: "Silent", kind: "gateway_silent", config: { windowMinutes: 10, gatewayPattern: "gw-s*" } });
    const params = await createRule({ name: "Params", kind: "new_params", config: { toolPattern: "pp.*", minSamples: 5 } });

    // History: the second gateway and an old tool were busy yesterday; nothing from the second gateway since.
    await seedHour({ at: at(3, 12), gatewayId: gw2, server: "old", tool: "pp.sql", calls: 30 });
    await seedHour({ at: at(4, 8), gatewayId: gw2, server: "old", tool: "ru.old_tool", calls: 30 });
    await bootstrapKnownValues(pool());
    // Params: five ordinary calls to learn from.
    for (let i = 0; i < 5; i++) await seedEvent({ ts: at(4, 11, 58, i), gatewayId: gw, tool: "pp.sql", params: { sql: `SELECT ${i}`, limit: 10 } });
    await seedCalls({ at: at(4, 11, 58), gatewayId: gw, server: "old", tool: "pp.sql", calls: 5 });
    await detectAt(at(4, 11, 59));
    expect(await db().alert.count({ where: { ruleId: params } })).toBe(0);

    await seedCalls(
      { at: at(4, 11, 59, 5), gatewayId: gw, server: "llm", tool: "ru.summarize", team: "data", calls: 40, costUsd: 60 },
      { at: at(4, 11, 59, 5), gatewayId: gw, server: "llm", tool: "ru.summarize", team: "sales", calls: 40, costUsd: 20 },
      { at: at(4, 11, 59, 10), gatewayId: gw, server: "fs", tool: "ru.delete_tree", team: "ops", calls: 2 },
      { at: at(4, 11, 59, 10), gatewayId: gw, server: "fs", tool: "ru.read_file", team: "ops", calls: 7 },
      { at: at(4, 11, 59, 20), gatewayId: gw, server: "old", tool: "ru.old_tool", calls: 1 },
      { at: at(4, 11, 59, 30), gatewayId: gw, server: "old", tool: "pp.sql", calls: 2 },
    );
    await seedFlag({ at: at(4, 11, 59, 40), gatewayId: gw, tool: "ru.fetch", flag: "prompt_injection", calls: 3 });
    await seedFlag({ at: at(4, 11, 59, 40), gatewayId: gw, tool: "ru.fetch", flag: "pii", calls: 5 });
    await seedEvent({ ts: at(4, 11, 59, 30), gatewayId: gw, tool: "pp.sql", params: { sql: "DROP TABLE x", limit: 10, cascade: true } });
    await seedEvent({ ts: at(4, 11, 59, 31), gatewayId: gw, tool: "pp.sql", params: { sql: "x".repeat(400), limit: 10 } });
    await detectAt(at(4, 12, 0));

    const summary = async (ruleId: string) => (await alertsOf(ruleId)).map((a) => `${a.subjectType}:${a.subjectValue} | ${a.title} | ${a.explanation}`);
    expect(await summary(spend)).toEqual(["team:data | Spend above $50.00 in 60 min · team data | $60.00 spent over 60 min on team data; threshold $50.00"]);
    expect(await summary(destructive)).toEqual([
      "tool:ru.delete_tree | Call to ru.delete_tree | 2 calls to ru.delete_tree (server fs; gateway gw-main) in the last 2 min; matches *{delete,drop}*",
    ]);
    expect(await summary(injection)).toEqual(["tool:ru.fetch | Risk flag prompt_injection · tool ru.fetch | 3 calls to ru.fetch flagged prompt_injection in the last 2 min (gateway gw-main)"]);
    expect((await summary(firstUse)).sort()).toEqual([
      "tool:ru.delete_tree | First use of tool ru.delete_tree | first call ever to tool ru.delete_tree (server fs; gateway gw-main; team ops)",
      "tool:ru.read_file | First use of tool ru.read_file | first call ever to tool ru.read_file (server fs; gateway gw-main; team ops)",
      "tool:ru.summarize | First use of tool ru.summarize | first call ever to tool ru.summarize (server llm; gateway gw-main; team data, sales)",
    ]);
    expect(await summary(silent)).toEqual([
      `gateway:${gw2} | Gateway gw-second is silent | no events from gateway gw-second for at least 10 min, though it sent events in the last 24 h`,
    ]);
    const [p] = await alertsOf(params);
    expect(p.subjectValue).toBe("pp.sql");
    expect(p.explanation).toBe(
      "2 calls to pp.sql with parameter keys never seen before: cascade; params of 421 B, 8.8× the largest seen (48 B); unusually large values for sql",
    );
    expect((p.details as Record<string, unknown>).eventIds).toHaveLength(2);
  });

  it("a muted rule raises nothing; a snoozed one wakes up when the snooze ends", async () => {
    const ruleId = await createRule({ name: "Snoozy", kind: "tool_call", config: { toolPattern: "mu.*" } });
    await db().alertRule.update({ where: { id: ruleId }, data: { muted: true } });
    await seedCalls({ at: at(5, 9, 0, 5), gatewayId: gw, server: "s", tool: "mu.one", calls: 1 });
    await detectAt(at(5, 9, 1));
    expect(await alertsOf(ruleId)).toEqual([]);
    await db().alertRule.update({ where: { id: ruleId }, data: { muted: false, snoozedUntil: at(5, 9, 10) } });
    await seedCalls({ at: at(5, 9, 5, 5), gatewayId: gw, server: "s", tool: "mu.one", calls: 1 });
    await detectAt(at(5, 9, 6));
    expect(await alertsOf(ruleId)).toEqual([]);
    await seedCalls({ at: at(5, 9, 10, 5), gatewayId: gw, server: "s", tool: "mu.one", calls: 1 });
    await detectAt(at(5, 9, 11));
    expect((await alertsOf(ruleId)).map((a) => a.subjectValue)).toEqual(["mu.one"]);
  });

  it("a rule whose severity rises re-announces its open alert (notified_at cleared)", async () => {
    const ruleId = await createRule({ name: "Escalate", kind: "tool_call", severity: "warning", config: { toolPattern: "es.*" } });
    await seedCalls({ at: at(6, 9, 0, 5), gatewayId: gw, server: "s", tool: "es.one", calls: 1 });
    await detectAt(at(6, 9, 1));
    await db().alert.updateMany({ where: { ruleId }, data: { notifiedAt: at(6, 9, 1) } });
    await db().alertRule.update({ where: { id: ruleId }, data: { severity: "critical" } });
    await seedCalls({ at: at(6, 9, 1, 5), gatewayId: gw, server: "s", tool: "es.one", calls: 1 });
    const r = await detectAt(at(6, 9, 2));
    const [a] = await alertsOf(ruleId);
    expect(r.escalated).toEqual([a.id]);
    expect(a).toMatchObject({ severity: "critical", notifiedAt: null, status: "open" });
  });
});

describe("statistical detectors over seeded rollups", () => {
  it("an error spike on a tool is explained against the usual rate for this hour of the week", async () => {
    const ruleId = await createRule({ name: "Unusual error rate", kind: "anomaly", severity: "critical", config: { metric: "error_rate", dimensions: ["tool", "server"] } });
    // Four weeks of the same hour (± 1 h): 600 calls an hour, 2 % errors.
    for (let week = 1; week <= 4; week++) {
      for (const h of [13, 14, 15]) await seedHour({ at: new Date(at(10, h).getTime() - week * 7 * 24 * HOUR), gatewayId: gw, server: "st", tool: "st.query", calls: 600, errors: 12 });
    }
    await bootstrapKnownValues(pool());
    for (let m = 0; m < 7; m++) await seedCalls({ at: at(10, 14, m, 10), gatewayId: gw, server: "st", tool: "st.query", calls: 10 });
    await detectAt(at(10, 14, 7));
    expect(await alertsOf(ruleId)).toEqual([]);
    for (let m = 7; m < 10; m++) await seedCalls({ at: at(10, 14, m, 10), gatewayId: gw, server: "st", tool: "st.query", calls: 10, errors: 6 });
    await detectAt(at(10, 14, 10));
    const alerts = await alertsOf(ruleId);
    // The server's anomaly is the tool's: reported once, about the tool.
    expect(alerts.map((a) => `${a.subjectType}:${a.subjectValue}`)).toEqual(["tool:st.query"]);
    expect(alerts[0].kind).toBe("anomaly.error_rate");
    expect(alerts[0].title).toBe("Error rate spike · tool st.query");
    expect(alerts[0].explanation).toMatch(/^error rate \d+ % over (3|15|60) min \(\d+ of \d+ calls\) vs usual 2 % ± \d(\.\d)? % for this hour$/);
    const chart = (alerts[0].details as Record<string, any>).chart;
    expect(chart.band.center).toBeCloseTo(0.02, 3);
  });

  it("a tool whose hours vary like agent sessions is judged by its own variability, kept in anomaly_state; a real surge still fires", async () => {
    const ruleId = await createRule({ name: "Unusual volume", kind: "anomaly", config: { metric: "calls", dimensions: ["tool"], drops: false } });
    // Four weeks of 11:00–17:00: 300 calls an hour in some weeks, 900 in others (bursty agents).
    for (let week = 1; week <= 4; week++) {
      for (let h = 11; h <= 17; h++) {
        await seedHour({ at: new Date(at(12, h).getTime() - week * 7 * 24 * HOUR), gatewayId: gw, server: "bu", tool: "bu.search", calls: week % 2 ? 300 : 900 });
      }
    }
    await bootstrapKnownValues(pool());
    // 300 calls in a quarter of an hour: twice the usual 150, ordinary for this tool.
    for (let m = 0; m < 15; m++) await seedCalls({ at: at(12, 14, m, 10), gatewayId: gw, server: "bu", tool: "bu.search", calls: 20 });
    await detectAt(at(12, 14, 15));
    expect(await alertsOf(ruleId)).toEqual([]);
    const [state] = await db().anomalyState.findMany({ where: { key: "dispersion" } });
    const stored = state.value as { slotMs: number; series: [string, string, ...number[]][] };
    expect(stored.slotMs).toBe(at(12, 17).getTime());
    const [, , ss, df] = stored.series.find(([d, v]) => d === "tool" && v === "bu.search")!;
    expect(ss / df).toBeGreaterThan(100); // variance ÷ mean of an hour: far from Poisson's 1
    // 3,000 calls in three minutes is another matter.
    for (let m = 15; m < 18; m++) await seedCalls({ at: at(12, 14, m, 10), gatewayId: gw, server: "bu", tool: "bu.search", calls: 1000 });
    await detectAt(at(12, 14, 18));
    const alerts = await alertsOf(ruleId);
    expect(alerts.map((a) => [a.subjectValue, a.title])).toEqual([["bu.search", "Unusual call volume · tool bu.search"]]);
    expect(alerts[0].explanation).toMatch(/^3,\d{3} calls over 3 min vs usual \d+ ± \d+ for this hour$/);
  });

  it("a user far above their own busiest minutes is flagged, with their history in the explanation", async () => {
    const ruleId = await createRule({ name: "Unusual user volume", kind: "anomaly", config: { metric: "calls", dimensions: ["user"] } });
    const peaks = [1, 2, 3, 4, 5].map((d) => ({ d: at(20 - d, 0).toISOString().slice(0, 10), c3: 6, c15: 20, s3: 0.1, s15: 0.3 }));
    await db().anomalyUserProfile.create({ data: { userId: "runaway@acme", day: at(19, 0), calls: 0, errors: 0, costUsd: 0, peaks } });
    await seedUserDay({ day: "2031-03-20", userId: "runaway@acme", gatewayId: gw, calls: 5 });
    await detectAt(at(20, 9, 0)); // first run of the day: cursors only
    await seedUserDay({ day: "2031-03-20", userId: "runaway@acme", gatewayId: gw, calls: 20 });
    await detectAt(at(20, 9, 1));
    expect(await alertsOf(ruleId)).toEqual([]); // 20 calls in a minute: busy, not yet unusual
    await seedUserDay({ day: "2031-03-20", userId: "runaway@acme", gatewayId: gw, calls: 50 });
    await detectAt(at(20, 9, 2));
    const alerts = await alertsOf(ruleId);
    expect(alerts.map((a) => [a.subjectType, a.subjectValue, a.title])).toEqual([["user", "runaway@acme", "Unusual call volume · user runaway@acme"]]);
    expect(alerts[0].explanation).toBe("70 calls over 3 min vs at most 6 ± 2.4 in 3 min on a usual day (last 5 active days)");
  });
});

describe("the alert of a condition that lasts", () => {
  it("keeps the numbers of the latest minute it fired while it only holds, takes new ones when it fires again, and keeps its first and peak figures", async () => {
    const ruleId = await createRule({ name: "Lasting", kind: "anomaly", config: { metric: "error_rate", dimensions: ["tool"] } });
    const rule = await db().alertRule.findUniqueOrThrow({ where: { id: ruleId } });
    const finding = (firing: boolean, explanation: string, value: number): Finding => ({
      rule: { id: rule.id, name: rule.name, kind: rule.kind, severity: rule.severity, config: rule.config } as Finding["rule"],
      dedupeKey: `rule:${ruleId}:tool:la.send`,
      subjectType: "tool",
      subjectValue: "la.send",
      subjectLabel: "la.send",
      firing,
      title: "Error rate spike · tool la.send",
      explanation,
      value,
      baseline: 0.02,
      details: { observed: value },
      chart: { dimension: "tool", value: "la.send", metric: "error_rate", band: { center: 0.02, low: 0, high: 0.05 } },
    });
    const run = async (now: Date, f: Finding, points: number) => {
      const open = (await alertsOf(ruleId)).filter((a) => a.status === "open").map((a) => ({ id: a.id, openKey: a.openKey!, ruleId: a.ruleId!, lastSeenAt: a.lastSeenAt }));
      const rules = new Map([[rule.id, { id: rule.id, kind: rule.kind, config: rule.config }]]);
      return applyFindings(pool(), { now, findings: [f], openAlerts: open, rules, detailsOf: (x) => ({ ...x.details, chart: { points } }) });
    };
    const opened = await run(at(14, 9, 0), finding(true, "error rate 40 %", 0.4), 1);
    expect(opened.opened).toHaveLength(1);
    await run(at(14, 9, 1), finding(true, "error rate 55 %", 0.55), 2);
    await run(at(14, 9, 2), finding(false, "error rate 9 %", 0.09), 3);
    let [a] = await alertsOf(ruleId);
    expect(a).toMatchObject({ status: "open", explanation: "error rate 55 %", value: 0.55, lastSeenAt: at(14, 9, 2) });
    const figures = (when: Date, value: number, explanation: string) => ({ at: expect.toSatisfy((t: string) => Date.parse(t) === when.getTime()), value, explanation });
    expect(a.details).toEqual({ observed: 0.55, chart: { points: 3 }, first: figures(at(14, 9, 0), 0.4, "error rate 40 %"), peak: figures(at(14, 9, 1), 0.55, "error rate 55 %") });
    await run(at(14, 9, 3), finding(true, "error rate 30 %", 0.3), 4);
    [a] = await alertsOf(ruleId);
    // Latest figures in the alert, with when it was first detected and its peak kept beside them.
    expect(a).toMatchObject({ explanation: "error rate 30 %", value: 0.3, details: { observed: 0.3, chart: { points: 4 } } });
    expect(a.details).toMatchObject({ first: figures(at(14, 9, 0), 0.4, "error rate 40 %"), peak: figures(at(14, 9, 1), 0.55, "error rate 55 %") });
  });
});
