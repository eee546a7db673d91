import { createHash, randomBytes } from "node:crypto";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createToolRule, decide } from "../approvals/approval-factory";
import { createSignedInUser } from "../support/factories";
import { createTestGateway } from "../support/gateways";
import { cleanupProxies, everythingStdio, freePort, startGatewayChild, textOf, waitFor, writeGatewayConfig, type GatewayChild } from "./proxy-support";

// A 2026-07-28 client (the SDK's own Client, pinned to that revision) need not hold a connection while a
// call waits for a person: each round of the wait ends with `input_required` and a sealed requestState, the
// client retries with it, and the call runs once a reviewer approves — one event, one run.

let gw: Awaited<ReturnType<typeof createTestGateway>>;
let reviewer: Awaited<ReturnType<typeof createSignedInUser>>;
let g: GatewayChild;
const token = randomBytes(24).toString("base64url");
const authorization = `Bearer ${token}`;

beforeAll(async () => {
  gw = await createTestGateway();
  reviewer = await createSignedInUser({ roles: ["reviewer"] });
  await createToolRule(gw.name, "echo");
  const port = await freePort();
  const { file } = await writeGatewayConfig({
    mcpServers: { everything: everythingStdio() },
    listeners: { http: { host: "127.0.0.1", port } },
    auth: { staticTokens: [{ name: "agent", sha256: createHash("sha256").update(token).digest("hex"), userId: "modern-user", team: "ops" }] },
    approvals: { holdRoundSeconds: 1, pollSeconds: 1 },
  });
  g = await startGatewayChild({ file, apiKey: gw.apiKey });
});
afterAll(cleanupProxies);

interface Sent {
  body: Record<string, any>;
  headers: Headers;
}

/** A pinned 2026-07-28 client whose tools/call requests are kept, so a test can see the rounds and replay one. */
async function modernClient(sent: Sent[]): Promise<Client> {
  const client = new Client({ name: "modern-agent", version: "1.0.0" }, { versionNegotiation: { mode: { pin: "2026-07-28" } }, inputRequired: { maxRounds: 200 } });
  const transport = new StreamableHTTPClientTransport(new URL(`${g.url}/mcp/everything`), {
    requestInit: { headers: { authorization } },
    fetch: async (input, init) => {
      if (typeof init?.body === "string") {
        const body = JSON.parse(init.body);
        if (body.method === "tools/call") sent.push({ body, headers: new Headers(init.headers) });
      }
      return fetch(input, init);
    },
  });
  await client.connect(transport);
  return client;
}

async function post(s: Sent, body: Record<string, any>): Promise<any> {
  const res = await fetch(`${g.url}/mcp/everything`, { method: "POST", headers: s.headers, body: JSON.stringify(body) });
  const text = await res.text();
  const data = text.startsWith("{") ? text : text.split("\n").find((l) => l.startsWith("data: "))!.slice(6);
  return JSON.parse(data);
}

describe("resumable approval hold (2026-07-28 clients)", () => {
  it("each round of the wait ends with input_required; the client's retries resume it, and the call runs once approved: one event", { timeout: 120_000 }, async () => {
    const sent: Sent[] = [];
    const client = await modernClient(sent);
    expect(client.getNegotiatedProtocolVersion()).toBe("2026-07-28");

    const result = client.callTool({ name: "echo", arguments: { message: "held, then resumed" } }, { timeout: 110_000 });
    const approval = await waitFor(() => db().approval.findFirst({ where: { gatewayId: gw.gatewayId, status: "pending" } }), 30_000, "the approval request");
    // At least two resumed rounds (each a separate HTTP request carrying the sealed state) before anyone decides.
    await waitFor(async () => sent.filter((s) => typeof s.body.params?.requestState === "string").length >= 2, 60_000, "two resumed rounds");
    expect(new Set(sent.map((s) => s.body.id)).size).toBe(sent.length);
    expect(await db().approval.count({ where: { gatewayId: gw.gatewayId } })).toBe(1);

    expect((await decide(reviewer, approval.id, "approve", "fine")).status).toBe(200);
    expect(textOf(await result)).toContain("held, then resumed");

    const events = await waitFor(async () => {
      const rows = await db().event.findMany({ where: { gatewayId: gw.gatewayId, approvalId: approval.id } });
      return rows.length ? rows : null;
    }, 30_000, "the call's event in Warden");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ id: approval.requestId, status: "ok", tool: "echo", userId: "modern-user" });

    // The sealed state is the call's, once: replayed after the call ran it is refused (approval_reused), and
    // a state altered by the client is refused by the SDK's codec check.
    const last = sent.filter((s) => typeof s.body.params?.requestState === "string").at(-1)!;
    const replay = await post(last, { ...last.body, id: "replay-1" });
    expect(replay.result?.isError).toBe(true);
    expect(textOf(replay.result)).toMatch(/already used/);
    const state: string = last.body.params.requestState;
    const forged = state.slice(0, -3) + (state.endsWith("AAA") ? "BBB" : "AAA");
    const tampered = await post(last, { ...last.body, id: "forged-1", params: { ...last.body.params, requestState: forged } });
    expect(tampered.error).toMatchObject({ code: -32602, message: "Invalid or expired requestState" });
    await client.close();
  });
});
