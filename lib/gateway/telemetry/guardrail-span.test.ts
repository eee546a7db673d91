import { describe, expect, it } from "vitest";
import { guardrailSpan } from "./guardrail-span";

const base = { method: "tools/call" as const, eventId: "0b7c3d2e-5f61-4a8b-9c0d-1e2f3a4b5c6d" };

describe("guardrailSpan", () => {
  it("records an approval rule's hold as an escalate verdict and action on the tool call's input", () => {
    const s = guardrailSpan({ ...base, stage: "approval", outcome: "hold", reason: "rule 'writes need a person'; approval 42" });
    expect(s?.name).toBe("run_guardrail warden-gateway approval");
    expect(s?.attributes).toMatchObject({
      "gen_ai.operation.name": "run_guardrail",
      "gen_ai.guardrail.target.type": "input",
      "gen_ai.guardrail.target.subtype": "tool_call",
      "gen_ai.guardrail.verdict.type": "escalate",
      "gen_ai.guardrail.action.type": "escalate",
      "gen_ai.guardrail.verdict.reason": "rule 'writes need a person'; approval 42",
      "warden.event.id": base.eventId,
    });
  });

  it("maps deny to block, modify to modify on the output, and a stage that failed closed to an error", () => {
    expect(guardrailSpan({ ...base, stage: "rate_limit", outcome: "deny" })?.attributes).toMatchObject({ "gen_ai.guardrail.verdict.type": "deny", "gen_ai.guardrail.action.type": "block" });
    expect(guardrailSpan({ ...base, stage: "output", outcome: "modify" })?.attributes).toMatchObject({ "gen_ai.guardrail.target.type": "output", "gen_ai.guardrail.action.type": "modify" });
    const err = guardrailSpan({ ...base, stage: "budget", outcome: "error", reason: "Warden unreachable" });
    expect(err?.error).toBe(true);
    expect(err?.attributes).toMatchObject({ "error.type": "budget_error", "gen_ai.guardrail.action.type": "block" });
    expect(guardrailSpan({ ...base, stage: "policy", outcome: "allow", reason: "policy etag" })?.attributes["gen_ai.guardrail.verdict.reason"]).toBeUndefined();
  });

  it("has no span for skipped stages, the spool record or the upstream call; other methods name their method", () => {
    expect(guardrailSpan({ ...base, stage: "budget", outcome: "skip" })).toBeNull();
    expect(guardrailSpan({ ...base, stage: "forward", outcome: "allow" })).toBeNull();
    expect(guardrailSpan({ ...base, stage: "record", outcome: "deny" })).toBeNull();
    expect(guardrailSpan({ ...base, method: "resources/read", stage: "policy", outcome: "allow" })?.attributes["gen_ai.guardrail.target.subtype"]).toBe("resources/read");
  });
});
