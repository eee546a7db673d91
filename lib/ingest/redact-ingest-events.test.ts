import { describe, expect, it } from "vitest";
import { redactIngestEvents } from "./redact-ingest-events";
import type { ValidatedEvent } from "./validate-event-batch";

const event = (over: Partial<ValidatedEvent>): ValidatedEvent =>
  ({ id: "e1", timestamp: "2026-01-01T00:00:00.000Z", tsMs: 0, userId: "u", server: "s", tool: "t", status: "ok", riskFlags: [], ...over }) as ValidatedEvent;

describe("redactIngestEvents", () => {
  it("redacts secrets in params and resultSummary, re-serialises params and adds secret_redacted", () => {
    const e = event({ params: { cmd: "deploy", env: "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE" }, paramsJson: "{}", resultSummary: "token ghp_16C7e42F292c6912E7710c838347Ae178B4a ok", riskFlags: ["rate_limited"] });
    const [out] = redactIngestEvents({ events: [e] });
    expect(out.params).toEqual({ cmd: "deploy", env: "AWS_ACCESS_KEY_ID=[REDACTED:aws_access_key_id]" });
    expect(JSON.parse(out.paramsJson!)).toEqual(out.params);
    expect(out.resultSummary).toBe("token [REDACTED:github_token] ok");
    expect(out.riskFlags).toEqual(["rate_limited", "secret_redacted"]);
    expect(e.params).toEqual({ cmd: "deploy", env: "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE" }); // input untouched
  });

  it("returns the same batch when no event holds a secret (personal data is not redacted here)", () => {
    const events = [event({ params: { to: "jane@example.com" }, resultSummary: "sent" })];
    expect(redactIngestEvents({ events })).toBe(events);
  });
});
