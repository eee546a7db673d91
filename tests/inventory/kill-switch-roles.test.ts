import { describe, expect, it } from "vitest";
import { createKillSwitch } from "../../lib/inventory/create-kill-switch";
import { liftKillSwitch } from "../../lib/inventory/lift-kill-switch";
import { createSignedInUser, uniq } from "../support/factories";
import { createTestGateway } from "../support/gateways";
import { api } from "../support/http";

describe("GET /api/kill-switches by role", () => {
  it("security and admin get the full list (values, reasons, who); reviewer, manager and viewer get only the banner's kinds with server and gateway names, and every dashboard page renders the banner for them without the details", async () => {
    const actor = { email: uniq("responder") + "@example.com" };
    const user = `${uniq("ana")}@example.com`;
    const server = uniq("srv-killed");
    const gw = await createTestGateway();
    const switches = [
      await createKillSwitch({ input: { kind: "user", value: user, reason: "stolen laptop of ana" }, actor }),
      await createKillSwitch({ input: { kind: "server", value: server, reason: "incident 42" }, actor }),
      await createKillSwitch({ input: { kind: "gateway", value: gw.gatewayId, reason: "leaking" }, actor }),
    ];
    try {
      for (const role of ["security", "admin"] as const) {
        const session = await createSignedInUser({ roles: [role] });
        const res = await api("/api/kill-switches", { session });
        expect(res.status, res.text).toBe(200);
        expect(res.json.view).toBe("full");
        expect(res.json.active).toContainEqual(expect.objectContaining({ kind: "user", value: user, reason: "stolen laptop of ana", createdByEmail: actor.email }));
        expect(res.json.active).toContainEqual(expect.objectContaining({ kind: "gateway", value: gw.gatewayId, label: gw.name }));
      }
      for (const role of ["reviewer", "manager", "viewer"] as const) {
        const session = await createSignedInUser({ roles: [role] });
        const res = await api("/api/kill-switches", { session });
        expect(res.status, res.text).toBe(200);
        expect(res.json.view).toBe("banner");
        expect(res.json.active).toEqual(expect.arrayContaining([{ kind: "user", label: null }, { kind: "server", label: server }, { kind: "gateway", label: gw.name }]));
        expect(Object.keys(res.json)).toEqual(["view", "active"]);
        for (const secret of [user, "stolen laptop", actor.email, gw.gatewayId, switches[0].id]) expect(res.text).not.toContain(secret);
        // The banner is server-rendered in the dashboard layout: its initial data is narrowed too.
        const page = await api("/", { session });
        expect(page.status).toBe(200);
        expect(page.text).toContain("Kill switch on");
        expect(page.text).toContain(server);
        for (const secret of [user, "stolen laptop", actor.email]) expect(page.text).not.toContain(secret);
      }
    } finally {
      for (const k of switches) await liftKillSwitch({ id: k.id, actor });
    }
  }, 120_000);
});
