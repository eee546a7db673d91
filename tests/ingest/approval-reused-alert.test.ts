// An approval presented by a second event raises a critical alert through the default "Approval reused"
// rule: ingest flags the event, the flag rollups count it, the detector's risk-flag rule fires. On a
// database of its own (the detector runs over the whole database; other tests' events must not count).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDetectors } from "../../lib/anomaly/run-detectors";
import { closeDb, db } from "../../lib/db";
import { ingestEvents } from "../../lib/ingest/ingest-events";
import { validateEventBatch } from "../../lib/ingest/validate-event-batch";
import { createScratchDatabase } from "../support/scratch-db";
import { makeEvent } from "./event-factory";

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;

beforeAll(async () => {
  scratch = await createScratchDatabase();
  process.env.DATABASE_URL = scratch.url;
});

afterAll(async () => {
  await closeDb();
  await scratch?.drop();
});

describe("approval_reused", { timeout: 120_000 }, () => {
  it("a second event with the same approvalId is flagged approval_reused and raises the default critical alert", async () => {
    const gw = await db().gateway.create({ data: { name: `gw-${randomUUID().slice(0, 8)}` } });
    const approvalId = randomUUID();
    const send = (events: ReturnType<typeof makeEvent>[]) =>
      ingestEvents({ gatewayId: gw.id, events: validateEventBatch(events, { retentionDays: 90 }) });
    const now = Date.now();
    const first = makeEvent({ approvalId, tool: "write_file", timestamp: new Date(now - 50_000).toISOString() });
    const second = makeEvent({ approvalId, tool: "write_file", timestamp: new Date(now - 20_000).toISOString() });
    expect(await send([first])).toEqual({ accepted: 1, duplicates: 0 });
    expect(await send([second])).toEqual({ accepted: 1, duplicates: 0 });
    const rows = await db().event.findMany({ where: { gatewayId: gw.id }, orderBy: { ts: "asc" } });
    expect(rows.map((r) => r.riskFlags)).toEqual([[], ["approval_reused"]]);

    // The detector's first run on this database creates the default rules, "Approval reused" among them.
    await runDetectors({ now: new Date(now), waitForLock: true });
    const rule = await db().alertRule.findFirst({ where: { name: "Approval reused" } });
    expect(rule).toMatchObject({ kind: "risk_flag", severity: "critical", enabled: true });
    const alerts = await db().alert.findMany({ where: { ruleId: rule!.id } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ status: "open", severity: "critical", subjectType: "tool", subjectValue: "write_file" });
    expect(alerts[0].title).toBe("Risk flag approval_reused · tool write_file");
  });
});
