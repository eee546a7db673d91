import { describe, expect, inject, it } from "vitest";
import { runCli } from "../support/cli";
import { parseApiKey } from "../../lib/gateways/api-key";
import { uniq } from "../support/factories";
import { gatewayApi } from "../support/gateways";
import { makeEvent } from "../ingest/event-factory";

describe("warden gateway / key CLI", () => {
  it("`gateway create` prints a gateway id and a working key; `key revoke` stops it", async () => {
    const url = inject("databaseUrl");
    const name = uniq("cli-gw");
    const created = await runCli(["gateway", "create", "--name", name], url);
    expect(created.code, created.stderr).toBe(0);
    const out = JSON.parse(created.stdout) as { gatewayId: string; apiKey: string; keyId: string };
    expect(out.gatewayId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.apiKey).toMatch(/^wdn_/);
    const sent = await gatewayApi("/events", out.apiKey, { body: { events: [makeEvent()] } });
    expect(sent.json).toEqual({ accepted: 1, duplicates: 0 });

    const second = await runCli(["key", "create", "--gateway", out.gatewayId, "--scope", "events:write"], url);
    expect(second.code, second.stderr).toBe(0);
    const k2 = JSON.parse(second.stdout) as { apiKey: string; keyId: string };
    expect((await gatewayApi("/events", k2.apiKey, { body: { events: [makeEvent()] } })).status).toBe(200);

    const revoked = await runCli(["key", "revoke", out.keyId], url);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(JSON.parse(revoked.stdout).key.revokedAt).not.toBeNull();
    expect((await gatewayApi("/events", out.apiKey, { body: { events: [makeEvent()] } })).status).toBe(401);
    expect((await gatewayApi("/events", k2.apiKey, { body: { events: [makeEvent()] } })).status).toBe(200);

    const listed = await runCli(["gateway", "list"], url);
    const gw = (JSON.parse(listed.stdout).gateways as { id: string; keys: unknown[] }[]).find((g) => g.id === out.gatewayId);
    expect(gw?.keys).toHaveLength(2);
    expect(listed.stdout).not.toContain(parseApiKey(out.apiKey)!.secret);
  }, 120_000);

  it("`key revoke` of an unknown key exits non-zero with a JSON error", async () => {
    const res = await runCli(["key", "revoke", "00000000-0000-4000-8000-000000000000"], inject("databaseUrl"));
    expect(res.code).toBe(1);
    expect(JSON.parse(res.stderr).error.code).toBe("not_found");
  }, 60_000);
});
