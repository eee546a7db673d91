import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createSignedInUser } from "../support/factories";
import { createTestGateway } from "../support/gateways";
import { createToolRule, decide } from "../approvals/approval-factory";
import { baseUrl } from "../support/http";
import { cleanupProxies, everythingStdio, stdioGatewayClient, tempDir, textOf, waitFor, writeGatewayConfig } from "./proxy-support";

// Issue 18 item 4: a real warden-gateway with OTEL_EXPORTER_OTLP_ENDPOINT set exports its spans with the OTel
// JS SDK's own exporter (@opentelemetry/exporter-trace-otlp-http, OTLP/JSON) to a loopback OTLP receiver
// that decodes the JSON body. (Warden's own receiver, issue 18 items 1–2, had not landed when this was written.)

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: { stringValue?: string; intValue?: string | number; boolValue?: boolean } }[];
  status?: { code?: number };
}
const SERVER = 2;
const CLIENT = 3;
const INTERNAL = 1;
const attr = (s: OtlpSpan, key: string) => {
  const v = s.attributes.find((a) => a.key === key)?.value;
  return v?.stringValue ?? v?.intValue ?? v?.boolValue;
};

const spans: OtlpSpan[] = [];
/** Every export request as the exporter sent it (content type and body), to relay to Warden's own receiver. */
const exports: { contentType: string; body: string }[] = [];
const resources: Record<string, unknown>[] = [];
let receiver: Server;
let endpoint: string;
let gw: Awaited<ReturnType<typeof createTestGateway>>;
let client: Awaited<ReturnType<typeof stdioGatewayClient>>["client"];

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

beforeAll(async () => {
  receiver = createServer(async (req, res) => {
    const text = await body(req);
    if (req.method !== "POST" || req.url !== "/v1/traces" || !String(req.headers["content-type"]).includes("application/json")) {
      res.writeHead(400).end();
      return;
    }
    exports.push({ contentType: String(req.headers["content-type"]), body: text });
    for (const rs of JSON.parse(text).resourceSpans ?? []) {
      resources.push(rs.resource);
      for (const ss of rs.scopeSpans ?? []) spans.push(...(ss.spans ?? []));
    }
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  endpoint = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
  // One gateway for both tests: echo is held for approval (a rule), get-sum is limited to one call a minute.
  gw = await createTestGateway();
  await createToolRule(gw.name, "echo");
  const { file } = await writeGatewayConfig(
    { mcpServers: { everything: everythingStdio() }, identity: { userId: "otel-user@example.com" }, tools: { "everything/get-sum": { rateLimitPerMinute: 1 } } },
    await tempDir("otel-"),
  );
  ({ client } = await stdioGatewayClient({
    file,
    apiKey: gw.apiKey,
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: "http/json", OTEL_BSP_SCHEDULE_DELAY: "100", OTEL_SERVICE_NAME: "gw-under-test" },
  }));
});
afterAll(async () => {
  await cleanupProxies();
  await new Promise((r) => receiver.close(r));
});

describe("warden-gateway exports OpenTelemetry spans", () => {
  it("a held tools/call: SERVER span under the caller's traceparent, CLIENT span upstream, guardrail spans (escalate, then allow), the trace and event id shared with Warden's event", async () => {
    const reviewer = await createSignedInUser({ roles: ["reviewer"] });
    const traceId = randomBytes(16).toString("hex");
    const callerSpanId = randomBytes(8).toString("hex");
    const message = `traced ${randomBytes(4).toString("hex")}`;
    const calling = client.callTool({ name: "everything__echo", arguments: { message }, _meta: { traceparent: `00-${traceId}-${callerSpanId}-01` } });
    const approval = await waitFor(() => db().approval.findFirst({ where: { gatewayId: gw.gatewayId, tool: "echo", status: "pending" } }), 30_000, "the approval request");
    expect((await decide(reviewer, approval.id, "approve")).status).toBe(200);
    expect(textOf(await calling)).toContain(message);

    const event = await waitFor(() => db().event.findFirst({ where: { gatewayId: gw.gatewayId, tool: "echo" } }), 30_000, "the call's event");
    expect(event.traceId).toBe(traceId);
    const server = await waitFor(async () => spans.find((s) => s.traceId === traceId && s.kind === SERVER), 30_000, "the SERVER span");
    expect(server).toMatchObject({ name: "tools/call echo", parentSpanId: callerSpanId });
    expect([attr(server, "mcp.method.name"), attr(server, "gen_ai.operation.name"), attr(server, "gen_ai.tool.name"), attr(server, "warden.event.id")]).toEqual(["tools/call", "execute_tool", "echo", event.id]);
    expect(attr(server, "jsonrpc.request.id")).toBeDefined();
    expect(attr(server, "error.type")).toBeUndefined();

    const client_ = await waitFor(async () => spans.find((s) => s.traceId === traceId && s.kind === CLIENT), 30_000, "the CLIENT span");
    expect(client_.parentSpanId).toBe(server.spanId);
    expect([attr(client_, "mcp.method.name"), attr(client_, "gen_ai.tool.name"), attr(client_, "network.transport"), attr(client_, "warden.event.id")]).toEqual(["tools/call", "echo", "pipe", event.id]);

    const guardrails = await waitFor(async () => {
      const g = spans.filter((s) => s.traceId === traceId && s.kind === INTERNAL && attr(s, "gen_ai.operation.name") === "run_guardrail");
      return g.some((s) => attr(s, "warden.decision.stage") === "approval" && attr(s, "gen_ai.guardrail.verdict.type") === "allow") && g;
    }, 30_000, "the guardrail spans");
    for (const g of guardrails) {
      expect(g.parentSpanId).toBe(server.spanId);
      expect(attr(g, "gen_ai.guardrail.target.subtype")).toBe("tool_call");
      expect(attr(g, "warden.event.id")).toBe(event.id);
    }
    const byStage = guardrails.map((g) => `${attr(g, "warden.decision.stage")}:${attr(g, "gen_ai.guardrail.verdict.type")}/${attr(g, "gen_ai.guardrail.action.type")}`);
    expect(byStage).toContain("policy:allow/allow");
    expect(byStage).toContain("approval:escalate/escalate");
    expect(byStage).toContain("approval:allow/allow");
    // Each decision the event records, and only those, is a guardrail span (skipped stages and record/forward are not).
    const recorded = (event.decisions as { stage: string; outcome: string }[]).filter((d) => d.outcome !== "skip" && d.stage !== "record" && d.stage !== "forward");
    expect(guardrails).toHaveLength(recorded.length);
    expect(resources.some((r) => JSON.stringify(r).includes("gw-under-test"))).toBe(true);
  });

  it("a refused call: the SERVER span carries error.type, the guardrail span deny/block, and no CLIENT span (nothing went upstream)", async () => {
    await client.callTool({ name: "everything__get-sum", arguments: { a: 1, b: 2 } });
    const refused = await client.callTool({ name: "everything__get-sum", arguments: { a: 3, b: 4 } });
    expect(refused.isError).toBe(true);
    const event = await waitFor(() => db().event.findFirst({ where: { gatewayId: gw.gatewayId, tool: "get-sum", status: "blocked" } }), 30_000, "the refused call's event");
    expect(event.traceId).toMatch(/^[0-9a-f]{32}$/);
    const server = await waitFor(async () => spans.find((s) => s.kind === SERVER && attr(s, "warden.event.id") === event.id), 30_000, "the SERVER span");
    expect(server.traceId).toBe(event.traceId);
    expect(server.parentSpanId ?? "").toBe("");
    expect(attr(server, "error.type")).toBe("rate_limited");
    expect(server.status?.code).toBe(2);
    const deny = await waitFor(async () => spans.find((s) => s.traceId === event.traceId && attr(s, "warden.decision.stage") === "rate_limit"), 30_000, "the rate_limit guardrail span");
    expect([attr(deny, "gen_ai.guardrail.verdict.type"), attr(deny, "gen_ai.guardrail.action.type")]).toEqual(["deny", "block"]);
    expect(spans.filter((s) => s.traceId === event.traceId && s.kind === CLIENT)).toHaveLength(0);
  });

  it("relayed to Warden's own OTLP receiver, the gateway's spans are duplicates of its JSON events: nothing is counted twice", async () => {
    // Every call of the two tests above is already an event (from the spool); the exporter's own requests,
    // byte for byte, now go to /api/v1/otlp/v1/traces with this gateway's key.
    const before = await db().event.findMany({ where: { gatewayId: gw.gatewayId }, orderBy: { ts: "asc" } });
    expect(before.map((e) => `${e.tool}:${e.status}`).sort()).toEqual(["echo:ok", "get-sum:blocked", "get-sum:ok"]);
    await waitFor(async () => before.every((e) => spans.some((s) => s.kind === SERVER && attr(s, "warden.event.id") === e.id)), 30_000, "every call's SERVER span");
    for (const x of exports) {
      const res = await fetch(`${baseUrl()}/api/v1/otlp/v1/traces`, { method: "POST", headers: { authorization: `Bearer ${gw.apiKey}`, "content-type": x.contentType }, body: x.body });
      expect(res.status, await res.clone().text()).toBe(200);
      // Accepted, none rejected (a rejected span would prove nothing about duplicates).
      expect(Number((await res.json()).partialSuccess?.rejectedSpans ?? 0)).toBe(0);
    }
    const after = await db().event.findMany({ where: { gatewayId: gw.gatewayId }, orderBy: { ts: "asc" } });
    expect(after.map((e) => e.id)).toEqual(before.map((e) => e.id));
    expect(after.every((e) => e.userId === "otel-user@example.com")).toBe(true);
  });
});
