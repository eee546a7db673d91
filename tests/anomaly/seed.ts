// Seeding helpers for the detector tests: rollup rows written directly (what ingest would have written),
// at simulated times. Every test uses its own names, so expectations can be exact.
import { randomUUID } from "node:crypto";
import { pool } from "../../lib/db";
import { writeFlags, writeTimeRollup, writeUserDays, type BucketRow } from "../../lib/anomaly/eval/write-rollups";
import { db } from "../../lib/db";
import { runDetectors } from "../../lib/anomaly/run-detectors";
import type { z } from "zod";
import { CreateAlertRuleBody } from "../../lib/alerts/schema";

export const MIN = 60_000;
export const HOUR = 3_600_000;

export interface Calls {
  at: Date;
  gatewayId: string;
  server: string;
  tool: string;
  team?: string;
  calls: number;
  errors?: number;
  costUsd?: number;
  /** Duration bucket (lat_i) every call falls into. */
  latBucket?: number;
}

function row(c: Calls, bucket: Date): BucketRow {
  const lat = new Array(12).fill(0);
  lat[c.latBucket ?? 3] = c.calls;
  return {
    bucket,
    gatewayId: c.gatewayId,
    server: c.server,
    tool: c.tool,
    team: c.team ?? "",
    calls: c.calls,
    errors: c.errors ?? 0,
    flagged: 0,
    costUsd: c.costUsd ?? 0,
    durationSum: c.calls * 60,
    lat,
  };
}

/** Calls in one minute: the minute and hour rollups, as ingest would update them. */
export async function seedCalls(...calls: Calls[]): Promise<void> {
  await writeTimeRollup(pool(), "minute", calls.map((c) => row(c, new Date(Math.floor(c.at.getTime() / MIN) * MIN))));
  await writeTimeRollup(pool(), "hour", calls.map((c) => row(c, new Date(Math.floor(c.at.getTime() / HOUR) * HOUR))));
}

/** Calls of a whole hour (hour rollup only): history for the seasonal baselines. */
export async function seedHour(c: Calls): Promise<void> {
  await writeTimeRollup(pool(), "hour", [row(c, new Date(Math.floor(c.at.getTime() / HOUR) * HOUR))]);
}

export async function seedUserDay(r: { day: string; userId: string; team?: string; gatewayId: string; calls: number; errors?: number; costUsd?: number }): Promise<void> {
  await writeUserDays(pool(), [{ day: r.day, userId: r.userId, team: r.team ?? "", gatewayId: r.gatewayId, calls: r.calls, errors: r.errors ?? 0, flagged: 0, costUsd: r.costUsd ?? 0 }]);
}

export async function seedFlag(r: { at: Date; gatewayId: string; tool: string; flag: string; calls: number }): Promise<void> {
  await writeFlags(pool(), [{ bucket: new Date(Math.floor(r.at.getTime() / MIN) * MIN), gatewayId: r.gatewayId, tool: r.tool, flag: r.flag, calls: r.calls }]);
}

export async function seedEvent(r: { ts: Date; gatewayId: string; tool: string; server?: string; params: unknown }): Promise<string> {
  const day = r.ts.toISOString().slice(0, 10);
  await pool().query("SELECT warden_ensure_event_partitions($1::date, $1::date)", [day]);
  const id = randomUUID();
  await pool().query(
    `INSERT INTO events (id, ts, received_at, gateway_id, user_id, server, tool, status, risk_flags, params)
     VALUES ($1, $2, $2, $3, 'u-params', $4, $5, 'ok', '{}', $6::jsonb)`,
    [id, r.ts, r.gatewayId, r.server ?? "srv", r.tool, JSON.stringify(r.params)],
  );
  return id;
}

export async function createGatewayRow(name: string): Promise<string> {
  const g = await db().gateway.create({ data: { name } });
  return g.id;
}

export async function createRule(input: z.input<typeof CreateAlertRuleBody>): Promise<string> {
  const r = CreateAlertRuleBody.parse(input);
  const created = await db().alertRule.create({ data: { name: r.name, kind: r.kind, severity: r.severity, enabled: r.enabled, config: r.config } });
  return created.id;
}

export const detectAt = (now: Date) => runDetectors({ now, waitForLock: true });

export const alertsOf = (ruleId: string) => db().alert.findMany({ where: { ruleId }, orderBy: [{ firstSeenAt: "asc" }, { subjectValue: "asc" }] });

/** A time in the test's own stretch of the simulated calendar (UTC). */
export const at = (day: number, hour: number, minute = 0, second = 0) => new Date(Date.UTC(2031, 2, day, hour, minute, second));
