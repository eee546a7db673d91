import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import type { SavedViewList, SavedViewView } from "../../lib/saved-views/schema";
import { createSignedInUser, uniq } from "../support/factories";
import { api, type Session } from "../support/http";

// The saved-views API over real HTTP and the shared Warden: who sees which view, who may change it, what
// is audited, and bad input as a 400 naming the field.

type Who = Session & { id: string };
let owner: Who, colleague: Who, viewer: Who, admin: Who;

const save = (session: Session, body: Record<string, unknown>) => api("/api/saved-views", { session, method: "POST", body });
const list = async (session: Session, page?: string) => {
  const res = await api(`/api/saved-views${page ? `?page=${page}` : ""}`, { session });
  expect(res.status, res.text).toBe(200);
  return res.json as SavedViewList;
};
const ids = (views: SavedViewView[]) => views.map((v) => v.id);
const auditActions = async (id: string) => (await db().auditLog.findMany({ where: { targetType: "saved_view", targetId: id }, orderBy: { seq: "asc" } })).map((a) => `${a.action} by ${a.actorEmail}`);

beforeAll(async () => {
  [owner, colleague, viewer, admin] = await Promise.all([
    createSignedInUser({ roles: ["security"] }),
    createSignedInUser({ roles: ["security"] }),
    createSignedInUser({ roles: ["viewer"] }),
    createSignedInUser({ roles: ["admin"] }),
  ]);
});

describe("saved views API", () => {
  it("POST /api/saved-views keeps a personal view that only its owner lists, with the href that restores it; a name is unique per owner and page", async () => {
    const name = uniq("Refund errors");
    const created = await save(owner, { page: "events", name, query: { range: "7d", tool: "refund", status: "error" } });
    expect(created.status, created.text).toBe(201);
    const view = created.json.view as SavedViewView;
    expect(view).toMatchObject({ page: "events", name, shared: false, mine: true, href: "/events?range=7d&status=error&tool=refund", range: { kind: "relative", range: "7d" } });

    const absolute = await save(owner, { page: "events", name: uniq("Outage"), query: { from: "2026-12-01T10:00:00Z", to: "2026-12-01T11:00:00Z" } });
    expect(absolute.json.view).toMatchObject({ href: "/events?from=2026-12-01T10%3A00%3A00Z&range=custom&to=2026-12-01T11%3A00%3A00Z", range: { kind: "absolute" } });

    expect(ids((await list(owner, "events")).mine)).toEqual(expect.arrayContaining([view.id, absolute.json.view.id]));
    const others = await list(colleague, "events");
    expect([...ids(others.mine), ...ids(others.shared)]).not.toContain(view.id);

    const again = await save(owner, { page: "events", name, query: {} });
    expect(again.status).toBe(409);
    expect(again.json.error.issues).toEqual([{ path: "name", message: expect.any(String) }]);
    // The same name on another page is another view.
    expect((await save(owner, { page: "overview", name, query: {} })).status).toBe(201);
    // A personal view is nobody's business: not audited.
    expect(await auditActions(view.id)).toEqual([]);
  });

  it("a shared view is listed to everyone who may open its page and to no one else; sharing, unsharing and deleting it are audited", async () => {
    const events = (await save(owner, { page: "events", name: uniq("Team errors"), query: { status: "error" }, shared: true })).json.view as SavedViewView;
    const overview = (await save(owner, { page: "overview", name: uniq("Spend by tool"), query: { cost: "tool", range: "30d" }, shared: true })).json.view as SavedViewView;

    const seen = await list(colleague);
    expect(ids(seen.shared)).toEqual(expect.arrayContaining([events.id, overview.id]));
    expect(seen.shared.find((v) => v.id === events.id)).toMatchObject({ mine: false, owner: { email: owner.email } });
    // A viewer opens the overview only: its shared views, never the events page's.
    const viewerList = await list(viewer);
    expect(ids(viewerList.shared)).toContain(overview.id);
    expect(ids(viewerList.shared)).not.toContain(events.id);
    const refused = await api("/api/saved-views?page=events", { session: viewer });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe("forbidden");

    const unshare = await api(`/api/saved-views/${events.id}`, { session: owner, method: "PATCH", body: { shared: false } });
    expect(unshare.status, unshare.text).toBe(200);
    expect(ids((await list(colleague, "events")).shared)).not.toContain(events.id);
    const reshare = await api(`/api/saved-views/${events.id}`, { session: owner, method: "PATCH", body: { shared: true, name: `${events.name} v2` } });
    expect(reshare.json.view).toMatchObject({ shared: true, name: `${events.name} v2` });
    // The audit log names the view, not its id (newest first).
    const log = await api(`/api/audit?${new URLSearchParams({ targetType: "saved_view", targetId: events.id })}`, { session: admin });
    expect(log.json.entries.map((e: { action: string; targetName: string }) => [e.action, e.targetName])).toEqual([
      ["saved_view.share", `events view “${events.name} v2”`],
      ["saved_view.unshare", `events view “${events.name} v2”`],
      ["saved_view.share", `events view “${events.name} v2”`],
    ]);
    expect((await api(`/api/saved-views/${events.id}`, { session: owner, method: "DELETE" })).status).toBe(200);
    expect(ids((await list(colleague, "events")).shared)).not.toContain(events.id);

    expect(await auditActions(events.id)).toEqual([`saved_view.share by ${owner.email}`, `saved_view.unshare by ${owner.email}`, `saved_view.share by ${owner.email}`, `saved_view.delete by ${owner.email}`]);
    const deleted = await db().auditLog.findFirst({ where: { targetId: events.id, action: "saved_view.delete" } });
    expect(deleted?.before).toMatchObject({ page: "events", name: `${events.name} v2`, query: { status: "error" }, shared: true, owner: owner.email });
  });

  it("only the owner changes or deletes a view (others get 404); an admin may delete someone's shared view, audited, never a personal one", async () => {
    const personal = (await save(owner, { page: "events", name: uniq("Mine"), query: {} })).json.view as SavedViewView;
    const shared = (await save(owner, { page: "events", name: uniq("Ours"), query: { range: "1h" }, shared: true })).json.view as SavedViewView;

    for (const id of [personal.id, shared.id]) {
      const patch = await api(`/api/saved-views/${id}`, { session: colleague, method: "PATCH", body: { name: "taken over" } });
      expect(patch.status).toBe(404);
      expect((await api(`/api/saved-views/${id}`, { session: colleague, method: "DELETE" })).status).toBe(404);
    }
    expect((await api(`/api/saved-views/${shared.id}`, { session: admin, method: "PATCH", body: { shared: false } })).status).toBe(404);
    expect((await api(`/api/saved-views/${personal.id}`, { session: admin, method: "DELETE" })).status).toBe(404);
    const removed = await api(`/api/saved-views/${shared.id}`, { session: admin, method: "DELETE" });
    expect(removed.status, removed.text).toBe(200);
    expect(await auditActions(shared.id)).toEqual([`saved_view.share by ${owner.email}`, `saved_view.delete by ${admin.email}`]);
    expect(ids((await list(owner, "events")).mine)).toEqual(expect.arrayContaining([personal.id]));
    expect(ids((await list(owner, "events")).mine)).not.toContain(shared.id);
  });

  it("bad input is a 4xx naming the field, never a 500", async () => {
    const issuesOf = async (res: Promise<Awaited<ReturnType<typeof api>>>) => {
      const r = await res;
      expect(r.status, r.text).toBeGreaterThanOrEqual(400);
      expect(r.status, r.text).toBeLessThan(500);
      return { status: r.status, code: r.json?.error?.code, paths: (r.json?.error?.issues ?? []).map((i: { path: string }) => i.path) };
    };
    const base = { page: "events", name: uniq("bad") };
    expect(await issuesOf(save(owner, { ...base, query: { tool: "x", event: "a", cost: "tool" } }))).toEqual({ status: 400, code: "invalid_request", paths: ["query.event", "query.cost"] });
    expect(await issuesOf(save(owner, { ...base, query: { status: "weird", gateway: "not-a-uuid" } }))).toEqual({ status: 400, code: "invalid_request", paths: ["query.status", "query.gateway"] });
    expect(await issuesOf(save(owner, { ...base, query: { from: "2026-12-01T10:00:00Z" } }))).toMatchObject({ status: 400, paths: ["query.to"] });
    expect(await issuesOf(save(owner, { ...base, query: { tool: "a\u0000b" } }))).toEqual({ status: 400, code: "invalid_text", paths: ["query.tool"] });
    expect(await issuesOf(save(owner, { ...base, query: { tool: 5 } }))).toMatchObject({ status: 400, paths: ["query.tool"] });
    expect(await issuesOf(save(owner, { ...base, query: "range=24h" }))).toMatchObject({ status: 400, paths: ["query"] });
    expect(await issuesOf(save(owner, { ...base, query: { server: "é".repeat(200), tool: "é".repeat(200), team: "é".repeat(200), user: "é".repeat(200) } }))).toMatchObject({ status: 400, paths: ["query"] });
    expect(await issuesOf(save(owner, { ...base, name: "report\u202Etxt.exe", query: {} }))).toMatchObject({ status: 400, paths: ["name"] });
    expect(await issuesOf(save(owner, { ...base, page: "budgets", query: {} }))).toMatchObject({ status: 400, paths: ["page"] });
    expect(await issuesOf(save(owner, { ...base, query: {}, ownerId: viewer.id }))).toMatchObject({ status: 400, code: "invalid_request" });
    expect(await issuesOf(save(viewer, { ...base, query: {} }))).toMatchObject({ status: 403, code: "forbidden" });
    expect(await issuesOf(api("/api/saved-views?page=nope", { session: owner }))).toMatchObject({ status: 400, paths: ["page"] });
    expect(await issuesOf(api("/api/saved-views/not-a-uuid", { session: owner, method: "DELETE" }))).toMatchObject({ status: 404 });

    const view = (await save(owner, { ...base, query: {} })).json.view as SavedViewView;
    expect(await issuesOf(api(`/api/saved-views/${view.id}`, { session: owner, method: "PATCH", body: {} }))).toMatchObject({ status: 400 });
    expect(await issuesOf(api(`/api/saved-views/${view.id}`, { session: owner, method: "PATCH", body: { query: { range: "custom" } } }))).toMatchObject({ status: 400, paths: ["query.range"] });
    expect(await issuesOf(api(`/api/saved-views/${view.id}`, { session: owner, method: "PATCH", body: { name: " " } }))).toMatchObject({ status: 400, paths: ["name"] });
  });
});
