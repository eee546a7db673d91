import { createHash, randomBytes } from "node:crypto";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createTestGateway } from "../support/gateways";
import { cleanupProxies, everythingStdio, freePort, startGatewayChild, textOf, waitFor, writeGatewayConfig, type GatewayChild } from "./proxy-support";

// Requests a server sends back to the client while serving a call (sampling) are relayed by warden-gateway
// to the calling client, and recorded as events of their own.

let gw: Awaited<ReturnType<typeof createTestGateway>>;
let g: GatewayChild;
const token = randomBytes(24).toString("base64url");
beforeAll(async () => {
  gw = await createTestGateway();
  const port = await freePort();
  const { file } = await writeGatewayConfig({
    mcpServers: { everything: everythingStdio() },
    listeners: { http: { host: "127.0.0.1", port } },
    auth: { staticTokens: [{ name: "relay", sha256: createHash("sha256").update(token).digest("hex"), userId: "relay-user" }] },
  });
  g = await startGatewayChild({ file, apiKey: gw.apiKey });
});
afterAll(cleanupProxies);

describe("warden-gateway server→client requests", () => {
  it("a sampling request from the server reaches the calling client, its answer goes back, and it is recorded", async () => {
    const client = new Client({ name: "sampling-client", version: "1.0.0" }, { capabilities: { sampling: {} } });
    const prompts: string[] = [];
    client.setRequestHandler("sampling/createMessage", async (req) => {
      prompts.push(JSON.stringify(req.params.messages));
      return { model: "test-model", role: "assistant", content: { type: "text", text: "sampled by the test client" } } as never;
    });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${g.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    try {
      const result = await client.callTool({ name: "everything__trigger-sampling-request", arguments: { prompt: "say hi", maxTokens: 10 } }, { timeout: 60_000 });
      expect(prompts.join()).toContain("say hi");
      expect(textOf(result)).toContain("sampled by the test client");
      const event = await waitFor(
        () => db().event.findFirst({ where: { gatewayId: gw.gatewayId, tool: "sampling/createMessage", userId: "relay-user" } }),
        30_000,
        "the sampling request's event",
      );
      expect(event.server).toBe("everything");
      expect(event.status).toBe("ok");
    } finally {
      await client.close();
    }
  });
});
