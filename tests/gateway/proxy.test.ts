import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createTestGateway } from "../support/gateways";
import {
  cleanupProxies,
  everythingStdio,
  httpClient,
  freePort,
  startEverythingHttp,
  startGatewayChild,
  stdioGatewayClient,
  textOf,
  waitFor,
  writeGatewayConfig,
  memoryStdio,
  tempDir,
} from "./proxy-support";

// warden-gateway as a proxy: the reference servers behind it over stdio and Streamable HTTP, the SDK's
// Client in front over stdio and Streamable HTTP (/mcp aggregated, /mcp/<server> one server).

let gw: Awaited<ReturnType<typeof createTestGateway>>;
const token = randomBytes(24).toString("base64url");
const sha256 = createHash("sha256").update(token).digest("hex");
beforeAll(async () => {
  gw = await createTestGateway();
});
afterAll(cleanupProxies);

const eventOf = (id: string | undefined, where: Record<string, unknown>) =>
  waitFor(() => db().event.findFirst({ where: { gatewayId: gw.gatewayId, ...where } }), 30_000, `event ${JSON.stringify(where)}`);

describe("warden-gateway pass-through", () => {
  it("stdio downstream: lists every upstream's tools namespaced server__tool and calls through, recorded as an event with identitySource config", async () => {
    const dir = await tempDir();
    const { file } = await writeGatewayConfig({
      mcpServers: { everything: everythingStdio(), memory: memoryStdio(path.join(dir, "memory.jsonl")) },
      identity: { userId: "stdio-user@example.com", team: "platform" },
    });
    const { client } = await stdioGatewayClient({ file, apiKey: gw.apiKey });
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toContain("everything__echo");
    expect(names).toContain("memory__create_entities");
    const message = `hello through stdio ${randomBytes(4).toString("hex")}`;
    const result = await client.callTool({ name: "everything__echo", arguments: { message } });
    expect(textOf(result)).toContain(message);
    const event = await eventOf(undefined, { server: "everything", tool: "echo", userId: "stdio-user@example.com" });
    expect(event.status).toBe("ok");
    expect(event.team).toBe("platform");
    expect(event.identitySource).toBe("config");
  });

  it("HTTP downstream: /mcp aggregates with namespaced names and /mcp/<server> keeps the server's own names; the upstream may itself be Streamable HTTP", async () => {
    const upstream = await startEverythingHttp();
    const port = await freePort();
    const { file } = await writeGatewayConfig({
      mcpServers: { everything: everythingStdio(), remote: { url: upstream.url } },
      listeners: { http: { host: "127.0.0.1", port } },
      auth: { staticTokens: [{ name: "tests", sha256, userId: "http-user@example.com", team: "qa" }] },
    });
    const g = await startGatewayChild({ file, apiKey: gw.apiKey });
    const all = await httpClient(`${g.url}/mcp`, token);
    const names = (await all.listTools()).tools.map((t) => t.name);
    expect(names).toContain("everything__echo");
    expect(names).toContain("remote__echo");
    expect(textOf(await all.callTool({ name: "remote__echo", arguments: { message: "via http upstream" } }))).toContain("via http upstream");

    const one = await httpClient(`${g.url}/mcp/everything`, token);
    const own = (await one.listTools()).tools.map((t) => t.name);
    expect(own).toContain("echo");
    expect(own.some((n) => n.includes("__"))).toBe(false);
    expect(textOf(await one.callTool({ name: "echo", arguments: { message: "one server" } }))).toContain("one server");
    const event = await eventOf(undefined, { server: "remote", tool: "echo", userId: "http-user@example.com" });
    expect(event.status).toBe("ok");
  });

  it("an HTTP upstream that restarts (its sessions gone: 404) gets a new session, and calls go through again", { timeout: 120_000 }, async () => {
    const first = await startEverythingHttp();
    const port = await freePort();
    const { file } = await writeGatewayConfig({
      mcpServers: { remote: { url: first.url } },
      listeners: { http: { host: "127.0.0.1", port } },
      auth: { staticTokens: [{ name: "tests", sha256, userId: "http-user@example.com" }] },
    });
    const g = await startGatewayChild({ file, apiKey: gw.apiKey });
    const client = await httpClient(`${g.url}/mcp/remote`, token);
    expect(textOf(await client.callTool({ name: "echo", arguments: { message: "before" } }))).toContain("before");
    first.child.kill("SIGKILL");
    await new Promise((r) => first.child.once("exit", r));
    await startEverythingHttp({ port: first.port }); // a new process on the same URL: it knows no session
    const answer = await waitFor(
      async () => {
        const r = await client.callTool({ name: "echo", arguments: { message: "after" } });
        return r.isError ? null : r;
      },
      60_000,
      "a call through the restarted HTTP upstream",
    );
    expect(textOf(answer)).toContain("after");
  });

  it("a stdio upstream gets only the env its config gives it (values may reference the gateway's env) plus PATH", async () => {
    const { file } = await writeGatewayConfig({
      mcpServers: { everything: { ...everythingStdio(), env: { GIVEN: "${GIVEN_SOURCE}", LITERAL: "plain" } } },
      identity: { userId: "env-user@example.com" },
    });
    const { client } = await stdioGatewayClient({ file, apiKey: gw.apiKey, env: { GIVEN_SOURCE: "from-the-gateway", GATEWAY_ONLY_SECRET: "must-not-leak" } });
    const env = JSON.parse(textOf(await client.callTool({ name: "everything__get-env", arguments: {} })));
    expect(env.GIVEN).toBe("from-the-gateway");
    expect(env.LITERAL).toBe("plain");
    expect(env.PATH).toBe(process.env.PATH);
    expect(env.GATEWAY_ONLY_SECRET).toBeUndefined();
    expect(env.HOME).toBeUndefined();
  });
});
