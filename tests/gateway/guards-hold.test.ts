import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import type { Forward, GatewayCall } from "../../lib/gateway/call";
import { createOutputGuard } from "../../lib/gateway/guards/create-output-guard";
import { createSignedInUser } from "../support/factories";
import { createTestGateway } from "../support/gateways";
import { decide } from "../approvals/approval-factory";
import { cleanupChains, makeCall, makeChain, spooledEvents, textOf, waitFor } from "./chain-support";
import { INJECTED_INSTRUCTION, PLANTED_AWS_KEY_ID } from "./support/malicious-payloads";

// The output guard's `hold` action against the suite's real Warden: the call has run, its output (with an
// injected instruction and a planted key) waits in the approval queue; a reviewer's approval releases the
// redacted output, a denial replaces it by an error.

let gw: Awaited<ReturnType<typeof createTestGateway>>;
let reviewer: Awaited<ReturnType<typeof createSignedInUser>>;
beforeAll(async () => {
  gw = await createTestGateway();
  reviewer = await createSignedInUser({ roles: ["reviewer"] });
});
afterAll(cleanupChains);

const injected: Forward = async () => ({ content: [{ type: "text", text: `Release notes.\n${INJECTED_INSTRUCTION}\nkey ${PLANTED_AWS_KEY_ID}` }] });
const heldApproval = (call: GatewayCall) =>
  waitFor(() => db().approval.findFirst({ where: { gatewayId: gw.gatewayId, server: call.server, tool: call.tool, status: "pending" } }), 20_000, "the held output's approval");

describe("output guard: hold", () => {
  it("withholds an output with an injected instruction until a reviewer approves it, then releases it redacted", async () => {
    const { chain, spool } = await makeChain({ apiKey: gw.apiKey, outputStage: createOutputGuard({ guards: { outputs: { dlp: "redact", injection: "hold" }, tools: {} } }) });
    const progress: { message?: string }[] = [];
    const call = makeCall({ tool: "hold_approve", params: { url: "https://acme.example" }, meta: { progressToken: 3 }, progress: (p) => progress.push(p) });
    const running = chain(call, injected);
    const row = await heldApproval(call);
    expect(row.reason).toMatch(/Output held by Warden Gateway: everything\/hold_approve .*prompt_injection/);
    expect(row.riskFlags).toContain("prompt_injection");
    expect(JSON.stringify(row.params)).toContain("warden/heldOutput");
    expect(JSON.stringify(row.params)).not.toContain(PLANTED_AWS_KEY_ID);
    await waitFor(async () => progress.length >= 1, 20_000, "a progress notification");
    expect(progress[0]!.message).toMatch(/output of everything\/hold_approve waits for a reviewer/);
    expect((await decide(reviewer, row.id, "approve")).status).toBe(200);
    const result = await running;
    expect((result as { isError?: boolean }).isError).toBeFalsy();
    expect(textOf(result)).toContain("Release notes.");
    expect(textOf(result)).not.toContain(PLANTED_AWS_KEY_ID);
    const event = (await spooledEvents(spool)).get(call.id)!;
    expect(event).toMatchObject({ status: "ok", approvalId: row.id });
    expect(event.riskFlags).toEqual(expect.arrayContaining(["prompt_injection", "secret_redacted"]));
  });

  it("a reviewer's denial replaces the output by an error: status denied, errorType approval_denied, the flags kept", async () => {
    const { chain, spool } = await makeChain({ apiKey: gw.apiKey, outputStage: createOutputGuard({ guards: { outputs: { dlp: "redact", injection: "hold" }, tools: {} } }) });
    const call = makeCall({ tool: "hold_deny", params: {} });
    const running = chain(call, injected);
    const row = await heldApproval(call);
    expect((await decide(reviewer, row.id, "deny", "exfiltration attempt")).status).toBe(200);
    const result = await running;
    expect((result as { isError?: boolean }).isError).toBe(true);
    expect(textOf(result)).toMatch(/withheld: a reviewer denied it .*exfiltration attempt/);
    expect(textOf(result)).not.toContain("Release notes.");
    const event = (await spooledEvents(spool)).get(call.id)!;
    expect(event).toMatchObject({ status: "denied", errorType: "approval_denied" });
    expect(event.riskFlags).toContain("prompt_injection");
  });
});
