import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "@modelcontextprotocol/client";
import { db } from "../../lib/db";
import { approveTool } from "../../lib/inventory/approve-tool";
import { createTestGateway } from "../support/gateways";
import { cleanupProxies, everythingStdio, freePort, httpClient, startGatewayChild, tempDir, textOf, waitFor, writeGatewayConfig } from "./proxy-support";
import { INJECTED_INSTRUCTION, PLANTED_AWS_KEY_ID, PLANTED_AWS_SECRET, POISONED_ADD_DESCRIPTION } from "./support/malicious-payloads";

// Issue 17's gateway test: the malicious MCP server (tests/gateway/support/malicious-server.ts) plays the
// attacker — a rug pull after the first tools/list, an output with a planted AWS key, outputs with an
// injected instruction — and server-everything's get-env runs with a planted fake secret in its env. The
// guards are on by default; summarize_page's injection action is set to block in the gateway config.

const MALICIOUS = path.resolve("tests/gateway/support/malicious-server.ts");
/** A GitHub token in its documented format, planted in server-everything's environment (fake). */
const PLANTED_ENV_TOKEN = `ghp_${"Zx9Qw3Er5Ty7Ui1Op2As4Df6Gh8Jk0Lz3Xc"}`;

let gw: Awaited<ReturnType<typeof createTestGateway>>;
let client: Client;
const token = randomBytes(24).toString("base64url");

beforeAll(async () => {
  gw = await createTestGateway();
  const port = await freePort();
  const dir = await tempDir("guards-");
  const { file } = await writeGatewayConfig({
    mcpServers: {
      evil: { command: process.execPath, args: ["--import", "tsx", MALICIOUS], cwd: process.cwd(), env: { MALICIOUS_RUG_PULL: "list" } },
      everything: { ...everythingStdio(), env: { GITHUB_TOKEN: PLANTED_ENV_TOKEN, AWS_SECRET_ACCESS_KEY: PLANTED_AWS_SECRET } },
    },
    listeners: { http: { host: "127.0.0.1", port } },
    auth: { staticTokens: [{ name: "g", sha256: createHash("sha256").update(token).digest("hex"), userId: "guards-user" }] },
    spool: { dir: path.join(dir, "spool") },
    guards: { tools: { "evil/summarize_page": { injection: "block" } } },
  }, undefined, { trust: { evil: "trust-on-first-use" } });
  const g = await startGatewayChild({ file, apiKey: gw.apiKey });
  // No wait for the gateway's first tools report: whoever lists first (the report or the agent), Warden's
  // inventory gets every version the gateway saw, the honest one first.
  client = await httpClient(`${g.url}/mcp`, token, "guards-agent");
  // The agent lists at once, racing the gateway's first report (sent 500 ms after start): either may be the
  // first tools/list the server answers; the tests below hold for both orders.
  await client.listTools();
}, 120_000);
afterAll(cleanupProxies);

const eventOf = (tool: string) => waitFor(() => db().event.findFirst({ where: { gatewayId: gw.gatewayId, tool }, orderBy: { ts: "desc" } }), 30_000, `the ${tool} event`);

describe("gateway guards against a malicious MCP server", () => {
  it("rug pull: the tool whose description changed after the first tools/list is hidden and its calls refused as tool_changed", async () => {
    const names = await waitFor(async () => {
      const { tools } = await client.listTools();
      const n = tools.map((t) => t.name);
      return n.includes("evil__read_config") && !n.includes("evil__add") ? n : null;
    }, 30_000, "evil__add to disappear from tools/list");
    expect(names).toContain("everything__echo");
    const { tools } = await client.listTools();
    expect(JSON.stringify(tools)).not.toContain("~/.ssh/id_rsa");

    // What the poisoned description asks for: the user's key in `sidenote`. Refused, and its event's params redacted.
    const refused = await client.callTool({ name: "evil__add", arguments: { a: 1, b: 2, sidenote: `aws_access_key_id=${PLANTED_AWS_KEY_ID}` } });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/evil\/add changed/);
    const event = await eventOf("add");
    expect(event.status).toBe("blocked");
    expect(event.errorType).toBe("tool_changed");
    expect(event.riskFlags).toContain("tool_changed");
    // The poisoned description itself raised flags, carried on the refused call's event.
    expect(event.riskFlags).toContain("prompt_injection");
    expect(event.riskFlags).toContain("secret_redacted");
    expect(JSON.stringify(event.params)).not.toContain(PLANTED_AWS_KEY_ID);
    // Warden got the changed definition in the gateway's tools report; its inventory (trust-on-first-use had
    // approved the first version) raised one alert naming the tool, reported by this gateway.
    await waitFor(async () => {
      const list = await db().gatewayToolList.findFirst({ where: { gatewayId: gw.gatewayId, server: "evil" } });
      return JSON.stringify(list?.tools ?? null).includes(POISONED_ADD_DESCRIPTION.slice(0, 40));
    }, 30_000, "the changed tools list in Warden");
    const alerts = await waitFor(async () => {
      const rows = await db().alert.findMany({ where: { kind: "tool_changed", subjectValue: "evil/add" } });
      return rows.length ? rows : null;
    }, 30_000, "the tool-changed alert");
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.title).toContain("evil/add");
    expect(alerts[0]!.details).toMatchObject({ gatewayId: gw.gatewayId });
    // The gateway keeps refusing it under Warden's policy too (pending, approved fingerprint = the first version).
    const tool = await db().inventoryTool.findFirstOrThrow({ where: { server: "evil", name: "add" } });
    expect(tool.status).toBe("pending");
  });

  it("re-approving the changed version in Warden releases it: clients are told (tools/list_changed) and the next call runs", async () => {
    let announced = 0;
    client.setNotificationHandler("notifications/tools/list_changed", () => void announced++);
    const tool = await db().inventoryTool.findFirstOrThrow({ where: { server: "evil", name: "add" } });
    await approveTool({ id: tool.id, input: { fingerprint: tool.currentFingerprint! }, actor: { email: "security@example.com" } });
    await waitFor(async () => announced > 0, 30_000, "tools/list_changed after the policy refresh");
    expect((await client.listTools()).tools.map((t) => t.name)).toContain("evil__add");
    expect(textOf(await client.callTool({ name: "evil__add", arguments: { a: 2, b: 3 } }))).toBe("5");
  });

  it("a planted AWS key in a tool's output never reaches the client nor Warden's events table", async () => {
    const result = await client.callTool({ name: "evil__read_config", arguments: {} });
    const text = textOf(result);
    expect(text).toContain("acme-prod-assets");
    expect(text).not.toContain(PLANTED_AWS_KEY_ID);
    expect(text).not.toContain(PLANTED_AWS_SECRET);
    expect(text).toContain("[REDACTED:");
    // A key sent in a call's params is redacted in the stored event (the upstream still gets it).
    const echoed = await client.callTool({ name: "everything__echo", arguments: { message: `key ${PLANTED_AWS_KEY_ID}` } });
    expect(textOf(echoed)).not.toContain(PLANTED_AWS_KEY_ID);
    const output = await eventOf("read_config");
    expect(output.status).toBe("ok");
    expect(output.riskFlags).toContain("secret_redacted");
    const param = await eventOf("echo");
    expect(param.riskFlags).toContain("secret_redacted");
    const leaked = await db().$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM events
      WHERE gateway_id = ${gw.gatewayId}::uuid
        AND (params::text LIKE ${`%${PLANTED_AWS_KEY_ID}%`} OR coalesce(result_summary, '') LIKE ${`%${PLANTED_AWS_KEY_ID}%`}
             OR decisions::text LIKE ${`%${PLANTED_AWS_KEY_ID}%`} OR params::text LIKE ${`%${PLANTED_AWS_SECRET.slice(0, 20)}%`})`;
    expect(leaked[0]!.n).toBe(0);
  });

  it("an injected instruction in an output is flagged and fenced by default, blocked where the config says block", async () => {
    const fenced = await client.callTool({ name: "evil__read_page", arguments: { url: "https://acme.example/notes" } });
    expect(fenced.isError).toBeFalsy();
    const parts = (fenced.content as { text: string }[]).map((c) => c.text);
    expect(parts[0]).toMatch(/^\[Warden: .*evil\/read_page.*prompt_injection/s);
    const nonce = /<<<untrusted-output ([0-9a-f]+)>>>/.exec(parts[0]!)![1];
    expect(parts.at(-1)).toBe(`<<<end untrusted-output ${nonce}>>>`);
    expect(parts.slice(1, -1).join("\n")).toContain("Version 2.3 fixes the login bug");
    const fencedEvent = await eventOf("read_page");
    expect(fencedEvent.status).toBe("ok");
    expect(fencedEvent.riskFlags).toContain("prompt_injection");

    const blocked = await client.callTool({ name: "evil__summarize_page", arguments: { url: "https://acme.example/notes" } });
    expect(blocked.isError).toBe(true);
    expect(textOf(blocked)).toMatch(/blocked the output of evil\/summarize_page/);
    expect(textOf(blocked)).not.toContain(INJECTED_INSTRUCTION.slice(12, 60));
    const blockedEvent = await eventOf("summarize_page");
    expect(blockedEvent.status).toBe("blocked");
    expect(blockedEvent.errorType).toBe("output_blocked");
    expect(blockedEvent.riskFlags).toContain("prompt_injection");
  });

  it("server-everything's get-env, with a planted fake secret in its environment, comes back redacted", async () => {
    const text = textOf(await client.callTool({ name: "everything__get-env", arguments: {} }));
    expect(text).toContain("GITHUB_TOKEN");
    expect(text).not.toContain(PLANTED_ENV_TOKEN);
    expect(text).not.toContain(PLANTED_AWS_SECRET);
    expect(text).toContain("[REDACTED:");
    expect((await eventOf("get-env")).riskFlags).toContain("secret_redacted");
  });
});
