import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { FindGatewaysResponse } from "../../lib/gateways/schema";
import { parseApiKey } from "../../lib/gateways/api-key";
import { createSignedInUser, uniq } from "../support/factories";
import { api } from "../support/http";
import { gatewayApi } from "../support/gateways";
import { makeEvents } from "../ingest/event-factory";

async function admin() {
  return createSignedInUser({ roles: ["admin"] });
}

describe("dashboard gateways API", () => {
  it("POST /api/gateways registers a gateway and shows its key once; GET /api/gateways lists it without the secret", async () => {
    const session = await admin();
    const name = uniq("dash-gw");
    const created = await api("/api/gateways", { session, method: "POST", body: { name, description: "edge", ownerTeam: "platform" } });
    expect(created.status).toBe(201);
    expect(created.headers.get("cache-control")).toContain("no-store");
    const { gatewayId, apiKey } = created.json as { gatewayId: string; apiKey: string };
    expect((await gatewayApi("/events", apiKey, { body: { events: makeEvents(30) } })).status).toBe(200);

    const list = await api("/api/gateways", { session });
    expect(list.status).toBe(200);
    const gw = FindGatewaysResponse.parse(list.json).gateways.find((g) => g.id === gatewayId)!;
    expect(gw).toMatchObject({ name, description: "edge", ownerTeam: "platform", events24h: 30 });
    expect(gw.eventsPerMinute).toBe(2);
    expect(gw.keys).toHaveLength(1);
    expect(list.text).not.toContain(parseApiKey(apiKey)!.secret);

    const dup = await api("/api/gateways", { session, method: "POST", body: { name } });
    expect(dup.status).toBe(409);
  });

  it("POST /api/gateways/{id}/keys/{keyId}/rotate replaces the key; the old one stops at once or after the grace period", async () => {
    const session = await admin();
    const created = (await api("/api/gateways", { session, method: "POST", body: { name: uniq("rot-gw") } })).json;
    const rotated = await api(`/api/gateways/${created.gatewayId}/keys/${created.key.id}/rotate`, { session, method: "POST", body: {} });
    expect(rotated.status).toBe(200);
    expect((await gatewayApi("/events", created.apiKey, { body: { events: makeEvents(1) } })).status).toBe(401);
    expect((await gatewayApi("/events", rotated.json.apiKey, { body: { events: makeEvents(1) } })).status).toBe(200);

    const graceful = await api(`/api/gateways/${created.gatewayId}/keys/${rotated.json.key.id}/rotate`, { session, method: "POST", body: { graceSeconds: 600 } });
    expect(graceful.status).toBe(200);
    expect((await gatewayApi("/events", rotated.json.apiKey, { body: { events: makeEvents(1) } })).status).toBe(200);
    expect((await gatewayApi("/events", graceful.json.apiKey, { body: { events: makeEvents(1) } })).status).toBe(200);

    const again = await api(`/api/gateways/${created.gatewayId}/keys/${created.key.id}/rotate`, { session, method: "POST", body: {} });
    expect(again.status).toBe(409);
  });

  it("POST /api/gateways/{id}/keys creates a scoped key; revoke is scoped to its gateway", async () => {
    const session = await admin();
    const a = (await api("/api/gateways", { session, method: "POST", body: { name: uniq("a-gw") } })).json;
    const b = (await api("/api/gateways", { session, method: "POST", body: { name: uniq("b-gw") } })).json;
    const key = await api(`/api/gateways/${a.gatewayId}/keys`, { session, method: "POST", body: { name: "ci", scopes: ["policy:read"] } });
    expect(key.status).toBe(201);
    expect(key.json.key.scopes).toEqual(["policy:read"]);
    expect((await gatewayApi("/events", key.json.apiKey, { body: { events: makeEvents(1) } })).status).toBe(403);

    expect((await api(`/api/gateways/${b.gatewayId}/keys/${key.json.key.id}/revoke`, { session, method: "POST" })).status).toBe(404);
    expect((await api(`/api/gateways/not-a-uuid/keys/also-not/revoke`, { session, method: "POST" })).status).toBe(404);
    const revoked = await api(`/api/gateways/${a.gatewayId}/keys/${key.json.key.id}/revoke`, { session, method: "POST" });
    expect(revoked.status).toBe(200);
    expect(revoked.json.key.revokedAt).not.toBeNull();
    const row = await db().apiKey.findUniqueOrThrow({ where: { id: key.json.key.id } });
    expect(row.revokedAt).not.toBeNull();
    const audit = await db().auditLog.findFirst({ where: { targetId: key.json.key.id, action: "api_key.revoke" } });
    expect(audit?.actorEmail).toBe(session.email);
  });

  it("GET /api/gateways needs gateways:read and POST needs gateways:write", async () => {
    const viewer = await createSignedInUser({ roles: ["viewer"] });
    expect((await api("/api/gateways", { session: viewer })).status).toBe(403);
    const security = await createSignedInUser({ roles: ["security"] });
    expect((await api("/api/gateways", { session: security })).status).toBe(200);
    expect((await api("/api/gateways", { session: security, method: "POST", body: { name: uniq("nope") } })).status).toBe(403);
    expect((await api("/api/gateways")).status).toBe(401);
  });
});
