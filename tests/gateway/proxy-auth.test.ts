import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createTestGateway } from "../support/gateways";
import { cleanupProxies, everythingStdio, freePort, httpClient, startGatewayChild, textOf, waitFor, writeGatewayConfig, type GatewayChild } from "./proxy-support";

// HTTP callers of warden-gateway: JWTs verified against an issuer's JWKS (a loopback server here, tokens
// minted with jose), static tokens stored hashed, and the MCP authorization spec's 401 + metadata.

let gw: Awaited<ReturnType<typeof createTestGateway>>;
let g: GatewayChild;
let jwks: Server;
let issuer: string;
let privateKey: CryptoKey;
const AUDIENCE = "https://gateway.example.test/mcp";
const staticToken = randomBytes(24).toString("base64url");

beforeAll(async () => {
  gw = await createTestGateway();
  const pair = await generateKeyPair("RS256");
  privateKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "RS256", use: "sig" };
  jwks = createServer((req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  const jwksPort = await freePort();
  await new Promise<void>((r) => jwks.listen(jwksPort, "127.0.0.1", r));
  issuer = `http://127.0.0.1:${jwksPort}/issuer`;
  const port = await freePort();
  const { file } = await writeGatewayConfig({
    mcpServers: { everything: everythingStdio() },
    listeners: { http: { host: "127.0.0.1", port } },
    auth: {
      jwt: { issuer, audience: AUDIENCE, jwksUrl: `http://127.0.0.1:${jwksPort}/jwks.json`, userClaim: "email", teamClaim: "team" },
      staticTokens: [{ name: "ci", sha256: createHash("sha256").update(staticToken).digest("hex"), userId: "ci-bot", team: "platform" }],
    },
  });
  g = await startGatewayChild({ file, apiKey: gw.apiKey });
});
afterAll(async () => {
  await cleanupProxies();
  jwks?.close();
});

const mint = (o: { aud?: string; iss?: string; exp?: number | string; email?: string; key?: CryptoKey } = {}) =>
  new SignJWT({ email: o.email ?? "jwt-user@example.com", team: "research" })
    .setProtectedHeader({ alg: "RS256", kid: "k1" })
    .setIssuer(o.iss ?? issuer)
    .setAudience(o.aud ?? AUDIENCE)
    .setSubject("user-1")
    .setIssuedAt()
    .setExpirationTime(o.exp ?? "10m")
    .sign(o.key ?? privateKey);

const initialize = (token?: string) =>
  fetch(`${g.url}/mcp`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } } }),
  });

describe("warden-gateway HTTP authentication", () => {
  it("a request without a token gets 401 with WWW-Authenticate naming the protected-resource metadata, which is served", async () => {
    const res = await initialize();
    expect(res.status).toBe(401);
    const challenge = res.headers.get("www-authenticate")!;
    expect(challenge).toMatch(/^Bearer /);
    const metadataUrl = /resource_metadata="([^"]+)"/.exec(challenge)![1]!;
    expect(metadataUrl).toBe(`${g.url}/.well-known/oauth-protected-resource/mcp`);
    const meta = await (await fetch(metadataUrl)).json();
    expect(meta.resource).toBe(`${g.url}/mcp`);
    expect(meta.authorization_servers).toEqual([issuer]);
    expect(meta.bearer_methods_supported).toEqual(["header"]);
  });

  it("a JWT from the issuer for this audience works; its claims become the call's user and team with identitySource jwt", async () => {
    const email = `jwt-${randomBytes(4).toString("hex")}@example.com`;
    const client = await httpClient(`${g.url}/mcp`, await mint({ email }));
    expect(textOf(await client.callTool({ name: "everything__echo", arguments: { message: "jwt call" } }))).toContain("jwt call");
    const event = await waitFor(() => db().event.findFirst({ where: { gatewayId: gw.gatewayId, userId: email } }), 30_000, "the jwt call's event");
    expect(event.team).toBe("research");
    expect(event.identitySource).toBe("jwt");
  });

  it("a JWT for another audience, an expired one, one from another issuer and one signed by another key are refused with 401 invalid_token", async () => {
    const other = await generateKeyPair("RS256");
    const bad = [
      await mint({ aud: "https://another-service.example.test" }),
      await mint({ exp: Math.floor(Date.now() / 1000) - 600 }),
      await mint({ iss: "https://evil.example.test" }),
      await mint({ key: other.privateKey }),
    ];
    for (const token of bad) {
      const res = await initialize(token);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toContain('error="invalid_token"');
      expect(res.headers.get("www-authenticate")).toContain("resource_metadata=");
    }
  });

  it("a static token (stored as its sha256) works with identitySource static-token; an unknown one is refused", async () => {
    const client = await httpClient(`${g.url}/mcp/everything`, staticToken);
    expect(textOf(await client.callTool({ name: "echo", arguments: { message: "static token call" } }))).toContain("static token call");
    const event = await waitFor(() => db().event.findFirst({ where: { gatewayId: gw.gatewayId, userId: "ci-bot" } }), 30_000, "the static-token call's event");
    expect(event.identitySource).toBe("static-token");
    expect((await initialize(randomBytes(24).toString("base64url"))).status).toBe(401);
  });

  it("a session opened by one caller cannot be driven with another caller's token", async () => {
    const res = await initialize(staticToken);
    expect(res.status).toBe(200);
    const sessionId = res.headers.get("mcp-session-id")!;
    await res.arrayBuffer();
    const hijack = await fetch(`${g.url}/mcp`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream", authorization: `Bearer ${await mint()}`, "mcp-session-id": sessionId },
      body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list", params: {} }),
    });
    expect(hijack.status).toBe(404);
  });

  it("an authenticated body over 4 MiB is refused with 413 and one that is not JSON with 400, each a JSON-RPC parse error; the listener keeps serving", async () => {
    const post = (body: string) =>
      fetch(`${g.url}/mcp`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream", authorization: `Bearer ${staticToken}` },
        body,
      });
    const huge = await post(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping", params: { pad: "x".repeat(4 * 1024 * 1024) } }));
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ jsonrpc: "2.0", error: { code: -32700, message: "request body over 4194304 bytes" } });
    const broken = await post("{not json");
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: { code: -32700, message: "Parse error: the body is not JSON" } });
    expect((await initialize(staticToken)).status).toBe(200);
  });
});
