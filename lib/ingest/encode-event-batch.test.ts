import { describe, expect, it } from "vitest";
import { encodeEventBatch, EVENT_COLUMNS, groupParameters, textArrayLiteral, textElement } from "./encode-event-batch";
import type { ValidatedEvent } from "./validate-event-batch";

const ts = "2026-12-01T10:00:00.000Z";
const event = (over: Partial<ValidatedEvent> = {}): ValidatedEvent => ({
  id: "6f1c3a52-6d53-4c4b-9d0e-2b8d0a8f9f10",
  timestamp: ts,
  tsMs: Date.parse(ts),
  userId: "ana@example.com",
  server: "mail",
  tool: "send_email",
  status: "ok",
  ...over,
});

describe("encodeEventBatch", () => {
  it("quotes text, escapes quotes and backslashes, and writes NULL for what is absent", () => {
    expect(textElement('say "hi" \\ bye')).toBe('"say \\"hi\\" \\\\ bye"');
    expect(textElement("a,b {c} NULL")).toBe('"a,b {c} NULL"');
    expect(textElement(null)).toBe("NULL");
    expect(textElement(undefined)).toBe("NULL");
    expect(textElement("")).toBe('""');
  });

  it("nests risk flags as a text[] literal inside the column's literal", () => {
    expect(textArrayLiteral(["prompt_injection", "pii_redacted"])).toBe('{"prompt_injection","pii_redacted"}');
    const b = encodeEventBatch("gw", [event({ riskFlags: ["prompt_injection"] }), event({ riskFlags: [] })]);
    expect(b.columns[15]).toBe('"{\\"prompt_injection\\"}","{}"');
  });

  it("writes one element per event in every column, numbers as numbers, params as their JSON", () => {
    const b = encodeEventBatch("gw", [
      event({ durationMs: 42, costUsd: 0.0015, inputTokens: 7, params: { q: 'x"y' }, paramsJson: '{"q":"x\\"y"}' }),
      event({
        id: "00000000-0000-4000-8000-000000000000",
        team: "ops",
        reservationId: "11111111-1111-4111-8111-111111111111",
        decisions: [{ stage: "policy", outcome: "deny", reason: 'says "no"' }],
        identitySource: "static-token",
      }),
    ]);
    expect(b.size).toBe(2);
    expect(b.columns).toHaveLength(EVENT_COLUMNS.length);
    expect(b.columns[0]).toBe("6f1c3a52-6d53-4c4b-9d0e-2b8d0a8f9f10,00000000-0000-4000-8000-000000000000");
    expect(b.columns[3]).toBe('NULL,"ops"');
    expect(b.columns[11]).toBe("42,NULL");
    expect(b.columns[12]).toBe("0.0015,NULL");
    expect(b.columns[16]).toBe('"{\\"q\\":\\"x\\\\\\"y\\"}",NULL');
    expect(b.columns[19]).toBe("NULL,11111111-1111-4111-8111-111111111111");
    expect(b.columns[20]).toBe('NULL,"[{\\"stage\\":\\"policy\\",\\"outcome\\":\\"deny\\",\\"reason\\":\\"says \\\\\\"no\\\\\\"\\"}]"');
    expect(b.columns[21]).toBe("NULL,static-token");
    expect([...b.days]).toEqual([Math.floor(Date.parse(ts) / 86_400_000)]);
  });

  it("merges a group: columns joined in order, each event numbered with its batch, one gateway per batch", () => {
    const a = encodeEventBatch("gw-a", [event(), event()]);
    const b = encodeEventBatch("gw-b", [event({ userId: "bo" })]);
    const params = groupParameters([a, b]);
    expect(params).toHaveLength(EVENT_COLUMNS.length + 2);
    expect(params[2]).toBe('{"ana@example.com","ana@example.com","bo"}');
    expect(params[EVENT_COLUMNS.length]).toBe("{1,1,2}");
    expect(params[EVENT_COLUMNS.length + 1]).toBe("{gw-a,gw-b}");
  });
});
