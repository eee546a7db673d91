import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createSignedInUser } from "../support/factories";
import { api, baseUrl } from "../support/http";

// GET/PATCH /api/me/preferences: a person's own clock (issue 20 item 10).
describe("GET/PATCH /api/me/preferences", () => {
  it("follows the browser by default; a viewer sets a zone for themselves only, canonically spelled, and goes back to the browser", async () => {
    const viewer = await createSignedInUser({ roles: ["viewer"] });
    const other = await createSignedInUser({ roles: ["admin"] });
    expect((await api("/api/me/preferences", { session: viewer })).json).toEqual({ timeZone: "browser" });

    const set = await api("/api/me/preferences", { session: viewer, method: "PATCH", body: { timeZone: "america/new_york" } });
    expect(set.status, set.text).toBe(200);
    expect(set.json).toEqual({ timeZone: "America/New_York" });
    expect((await api("/api/me/preferences", { session: viewer })).json).toEqual({ timeZone: "America/New_York" });
    expect((await db().user.findUniqueOrThrow({ where: { id: viewer.id } })).timeZone).toBe("America/New_York");
    // The session carries it to every page (the dashboard layout reads it from here).
    const session = (await (await fetch(`${baseUrl()}/api/auth/session`, { headers: { cookie: viewer.cookie } })).json()) as { currentUser?: { timeZone?: string } };
    expect(session.currentUser?.timeZone).toBe("America/New_York");
    // Someone else's setting is untouched.
    expect((await api("/api/me/preferences", { session: other })).json).toEqual({ timeZone: "browser" });

    expect((await api("/api/me/preferences", { session: viewer, method: "PATCH", body: { timeZone: "UTC" } })).json).toEqual({ timeZone: "UTC" });
    expect((await api("/api/me/preferences", { session: viewer, method: "PATCH", body: { timeZone: "browser" } })).json).toEqual({ timeZone: "browser" });
    expect((await db().user.findUniqueOrThrow({ where: { id: viewer.id } })).timeZone).toBeNull();
  });

  it("refuses an unknown zone, a wrong type and an unknown field with a 400 naming the field; anonymous and cross-site callers get 401 and 403", async () => {
    const viewer = await createSignedInUser({ roles: ["viewer"] });
    for (const body of [{ timeZone: "Mars/Olympus_Mons" }, { timeZone: 5 }, { timeZone: "" }, { timeZone: "x".repeat(65) }]) {
      const res = await api("/api/me/preferences", { session: viewer, method: "PATCH", body });
      expect(res.status, res.text).toBe(400);
      expect(res.json.error.code).toBe("invalid_request");
      expect(res.json.error.issues.map((i: { path: unknown }) => String(i.path))).toContain("timeZone");
    }
    const extra = await api("/api/me/preferences", { session: viewer, method: "PATCH", body: { timeZone: "UTC", theme: "dark" } });
    expect(extra.status).toBe(400);
    expect(JSON.stringify(extra.json.error)).toContain("theme");
    expect((await db().user.findUniqueOrThrow({ where: { id: viewer.id } })).timeZone).toBeNull();

    expect((await api("/api/me/preferences")).status).toBe(401);
    expect((await api("/api/me/preferences", { method: "PATCH", body: { timeZone: "UTC" } })).status).toBe(401);
    const crossSite = await api("/api/me/preferences", { session: viewer, method: "PATCH", body: { timeZone: "UTC" }, headers: { origin: "https://evil.example" } });
    expect(crossSite.status).toBe(403);
  });
});
