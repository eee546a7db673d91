import { describe, expect, it } from "vitest";
import { pool } from "../../lib/db";
import { rebuildRollups } from "../../lib/metrics/rebuild-rollups";
import { createTestGateway } from "../support/gateways";
import { event, postEvents } from "./seed-events";

// The query benchmark builds the rollups of its generated events with rebuildRollups; this proves that
// gives exactly what the ingest statement maintains for the same events, day rollups included.

async function snapshot(gatewayId: string) {
  const q = (sql: string) => pool().query(sql, [gatewayId]).then((r) => r.rows);
  return {
    minute: await q(`SELECT * FROM rollup_minute WHERE gateway_id = $1 ORDER BY bucket, server, tool, team`),
    hour: await q(`SELECT * FROM rollup_hour WHERE gateway_id = $1 ORDER BY bucket, server, tool, team`),
    day: await q(`SELECT * FROM rollup_day WHERE gateway_id = $1 ORDER BY bucket, server, tool, team`),
    userDay: await q(`SELECT * FROM rollup_user_day WHERE gateway_id = $1 ORDER BY day, user_id, team`),
    flags: await q(`SELECT * FROM rollup_flag_minute WHERE gateway_id = $1 ORDER BY bucket, tool, flag`),
    flagDays: await q(`SELECT * FROM rollup_flag_day WHERE gateway_id = $1 ORDER BY bucket, tool, flag`),
  };
}

describe("rebuildRollups", () => {
  it("recomputes from events exactly the rollups ingest maintained", async () => {
    const gw = await createTestGateway();
    const day = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 - 2 * 86_400_000);
    const statuses = ["ok", "error", "blocked", "timeout", "denied"] as const;
    const events = Array.from({ length: 700 }, (_, i) =>
      event({
        timestamp: new Date(day.getTime() + ((i * 7919) % 86_400) * 1000 + (i % 1000)).toISOString(),
        status: statuses[i % 5],
        team: i % 7 === 0 ? null : `team-${i % 3}`,
        userId: `u-${i % 11}`,
        server: `s-${i % 2}`,
        tool: `t-${i % 4}`,
        durationMs: i % 9 === 0 ? null : [0, 1, 10, 11, 25, 26, 99, 100, 250, 999, 2500, 4999, 10000, 30000, 30001, 86_400_000][i % 16],
        costUsd: i % 6 === 0 ? null : (i % 13) * 0.001234,
        inputTokens: i % 5 === 0 ? undefined : i,
        outputTokens: i % 4 === 0 ? undefined : 2 * i,
        riskFlags: i % 10 === 0 ? ["prompt_injection", "pii_redacted"] : i % 10 === 1 ? ["tool_changed"] : [],
      }),
    );
    await postEvents(gw.apiKey, events);
    const byIngest = await snapshot(gw.gatewayId);
    expect(byIngest.minute.length).toBeGreaterThan(100);
    expect(byIngest.flags.length).toBeGreaterThan(10);
    expect(byIngest.day.length).toBeGreaterThan(10);
    expect(byIngest.flagDays.length).toBe(6); // tools t-0 and t-2 × two flags, t-1 and t-3 × tool_changed
    await rebuildRollups({ from: day, to: new Date(day.getTime() + 86_400_000), gatewayId: gw.gatewayId });
    expect(await snapshot(gw.gatewayId)).toEqual(byIngest);
  });
});
