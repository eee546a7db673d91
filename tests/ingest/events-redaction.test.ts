// Defence in depth at ingest (issue 17 item 4): secrets in params and resultSummary of events from any
// gateway are redacted before they are stored. Real HTTP, real Postgres.
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { IngestEventsResponse } from "../../lib/ingest/schema";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { makeEvent } from "./event-factory";

const AWS_KEY = "AKIAQYLPMN5HHHFPZAM2";
const AWS_SECRET = "1tUm636uS1yOEcfP5pvfqJ/ml36mF7AkyHsEU0IU";

describe("POST /api/v1/events redaction", { timeout: 60_000 }, () => {
  it("POST /api/v1/events never stores a planted AWS key: params and resultSummary are redacted and the event flagged secret_redacted", async () => {
    const gw = await createTestGateway();
    const planted = makeEvent({
      server: "everything",
      tool: "get-env",
      params: { note: `use ${AWS_KEY}`, nested: { list: [`aws_secret_access_key=${AWS_SECRET}`] } },
      resultSummary: `{"AWS_ACCESS_KEY_ID":"${AWS_KEY}","HOME":"/root"}`,
    });
    const clean = makeEvent();
    const res = await gatewayApi("/events", gw.apiKey, { body: { events: [planted, clean] } });
    expect(res.status).toBe(200);
    expect(IngestEventsResponse.parse(res.json)).toEqual({ accepted: 2, duplicates: 0 });

    const rows = await db().$queryRaw<{ id: string; params: unknown; result_summary: string | null; risk_flags: string[]; whole: string }[]>`
      SELECT id::text, params, result_summary, risk_flags, row_to_json(e)::text AS whole FROM events e WHERE id IN (${planted.id}::uuid, ${clean.id}::uuid)`;
    const stored = rows.find((r) => r.id === planted.id)!;
    expect(stored.whole).not.toContain(AWS_KEY);
    expect(stored.whole).not.toContain(AWS_SECRET);
    expect(stored.params).toEqual({ note: "use [REDACTED:aws_access_key_id]", nested: { list: ["aws_secret_access_key=[REDACTED:aws_secret_access_key]"] } });
    expect(stored.result_summary).toBe('{"AWS_ACCESS_KEY_ID":"[REDACTED:aws_access_key_id]","HOME":"/root"}');
    expect(stored.risk_flags).toContain("secret_redacted");
    const untouched = rows.find((r) => r.id === clean.id)!;
    expect(untouched.params).toEqual(clean.params);
    expect(untouched.risk_flags).toEqual([]);
  });
});
