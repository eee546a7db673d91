import { describe, expect, it } from "vitest";
import { pool } from "../../lib/db";
import { rebuildRollups } from "../../lib/metrics/rebuild-rollups";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { event, postEvents } from "./seed-events";

// rollup_day and rollup_flag_day are written beside rollup_hour and rollup_flag_minute (by ingest and by rebuilds): whatever
// writes the source (ingest inserting new rows, ingest adding to existing rows, a re-sent batch, a rebuild
// deleting and re-inserting), each day row must equal the sum of its hours.

const M = ["calls", "errors", "blocked", "timeouts", "denied", "flagged", "cost_usd", "input_tokens", "output_tokens", "duration_sum", "duration_n", ...Array.from({ length: 12 }, (_, i) => `lat_${i}`)];

async function dayVsHours(gatewayId: string) {
  const sums = M.map((m) => `sum(${m})::text AS ${m}`).join(", ");
  const cols = M.map((m) => `${m}::text AS ${m}`).join(", ");
  const q = (sql: string) => pool().query(sql, [gatewayId]).then((r) => r.rows);
  return {
    fromHours: await q(`SELECT date_trunc('day', bucket, 'UTC') AS bucket, server, tool, team, ${sums} FROM rollup_hour WHERE gateway_id = $1 GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`),
    day: await q(`SELECT bucket, server, tool, team, ${cols} FROM rollup_day WHERE gateway_id = $1 ORDER BY 1, 2, 3, 4`),
    flagsFromMinutes: await q(`SELECT date_trunc('day', bucket, 'UTC') AS bucket, tool, flag, sum(calls)::int AS calls FROM rollup_flag_minute WHERE gateway_id = $1 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`),
    flagDay: await q(`SELECT bucket, tool, flag, calls FROM rollup_flag_day WHERE gateway_id = $1 ORDER BY 1, 2, 3`),
  };
}

async function expectConsistent(gatewayId: string) {
  const s = await dayVsHours(gatewayId);
  expect(s.day.length).toBeGreaterThan(0);
  expect(s.day).toEqual(s.fromHours);
  expect(s.flagDay).toEqual(s.flagsFromMinutes);
  return s;
}

describe("rollup_day", () => {
  it("equals the hour rollup summed per UTC day through inserts, additions, re-sends and rebuilds", async () => {
    const gw = await createTestGateway();
    const day0 = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 3 * 86_400_000;
    const make = (n: number, offset: number) =>
      Array.from({ length: n }, (_, i) =>
        event({
          timestamp: new Date(day0 + ((i * 3_600_017 + offset) % (2 * 86_400_000))).toISOString(),
          status: (["ok", "error", "timeout", "blocked", "denied"] as const)[i % 5],
          tool: `t-${i % 3}`,
          team: i % 4 === 0 ? null : `team-${i % 2}`,
          durationMs: i % 7 === 0 ? null : (i * 37) % 40_000,
          costUsd: i % 5 === 0 ? null : 0.000123 * i,
          inputTokens: i,
          riskFlags: i % 6 === 0 ? ["prompt_injection"] : i % 6 === 1 ? ["pii_redacted", "secret_redacted"] : [],
        }),
      );
    const first = make(300, 0);
    await postEvents(gw.apiKey, first);
    const a = await expectConsistent(gw.gatewayId);

    // Same hours again with new events: ingest adds to existing hour and day rows.
    await postEvents(gw.apiKey, make(300, 1234));
    const b = await expectConsistent(gw.gatewayId);
    expect(b.day.reduce((n: number, r: { calls: string }) => n + Number(r.calls), 0)).toBe(600);
    expect(a.day.length).toBe(b.day.length);

    // A re-sent batch adds nothing anywhere.
    const again = await gatewayApi("/events", gw.apiKey, { body: { events: first } });
    expect(again.json).toEqual({ accepted: 0, duplicates: 300 });
    expect(await dayVsHours(gw.gatewayId)).toEqual(b);

    // A rebuild deletes and re-inserts the hour rows (the delete and insert triggers).
    await rebuildRollups({ from: new Date(day0), to: new Date(day0 + 86_400_000), gatewayId: gw.gatewayId });
    expect(await expectConsistent(gw.gatewayId)).toEqual(b);
  });
});
