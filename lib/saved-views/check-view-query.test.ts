import { describe, expect, it } from "vitest";
import { checkViewQuery } from "./check-view-query";
import { CreateSavedViewBody, MAX_VIEW_QUERY_LENGTH } from "./schema";
import { savedViewHref } from "./saved-view-href";
import { viewRangeOf } from "./view-range-of";

const gateway = "6f1c2b7e-3d4a-4b5c-8d9e-0f1a2b3c4d5e";

describe("checkViewQuery", () => {
  it("keeps the events page's known filters and a relative range as they are", () => {
    const r = checkViewQuery({ page: "events", query: { range: "7d", tool: "send_email", status: "error", gateway, q: " refund ", live: "1" } });
    expect(r.issues).toEqual([]);
    expect(r.query).toEqual({ range: "7d", tool: "send_email", status: "error", gateway, q: "refund", live: "1" });
    expect(viewRangeOf(r.query)).toEqual({ kind: "relative", range: "7d" });
  });

  it("keeps an absolute window absolute, with range=custom implied by from and to", () => {
    const r = checkViewQuery({ page: "overview", query: { from: "2026-12-01T10:00:00Z", to: "2026-12-01T12:00:00+01:00", cost: "tool" } });
    expect(r.issues).toEqual([]);
    expect(r.query.range).toBe("custom");
    expect(viewRangeOf(r.query)).toEqual({ kind: "absolute", from: "2026-12-01T10:00:00Z", to: "2026-12-01T12:00:00+01:00" });
    expect(savedViewHref({ page: "overview", query: r.query })).toBe("/?cost=tool&from=2026-12-01T10%3A00%3A00Z&range=custom&to=2026-12-01T12%3A00%3A00%2B01%3A00");
  });

  it("an empty query is the page's default view: the last 24 h, relative", () => {
    const r = checkViewQuery({ page: "events", query: {} });
    expect(r).toEqual({ query: {}, issues: [] });
    expect(viewRangeOf(r.query)).toEqual({ kind: "relative", range: "24h" });
    expect(savedViewHref({ page: "events", query: {} })).toBe("/events");
  });

  it("refuses a parameter the page does not read, naming it (the open event, another page's toggle, anything else)", () => {
    const query = JSON.parse(`{"tool":"x","event":"${gateway}","cost":"team","__proto__":"1"}`) as Record<string, string>;
    const r = checkViewQuery({ page: "events", query });
    expect(r.issues.map((i) => i.path).sort()).toEqual(["query.__proto__", "query.cost", "query.event"]);
    expect(r.issues[0].message).toMatch(/is not a parameter of the events page \(known: range, from, to/);
  });

  it("names a parameter key's invisible characters instead of echoing them", () => {
    const r = checkViewQuery({ page: "events", query: { "to\u0007ol": "x" } });
    expect(r.issues[0].path).toBe("query.to\\u0007ol");
  });

  it("refuses values a parameter cannot hold, naming the parameter", () => {
    const r = checkViewQuery({ page: "events", query: { range: "2y", status: "weird", gateway: "github", live: "yes", tool: "", from: "yesterday", to: "2026-12-01T10:00:00Z" } });
    expect(Object.fromEntries(r.issues.map((i) => [i.path, i.message]))).toMatchObject({
      "query.range": expect.any(String),
      "query.status": expect.any(String),
      "query.gateway": expect.stringMatching(/gateway id/),
      "query.live": "must be 1 (live tail on) or absent",
      "query.tool": expect.any(String),
      "query.from": expect.stringMatching(/ISO timestamp/),
    });
  });

  it("refuses an inconsistent time window: from without to, to before from, over 400 days, a preset beside from/to, custom without them", () => {
    const paths = (query: Record<string, string>) => checkViewQuery({ page: "overview", query }).issues.map((i) => `${i.path}: ${i.message}`);
    expect(paths({ from: "2026-12-01T10:00:00Z" })).toEqual(["query.to: from and to go together (an absolute window needs both)"]);
    expect(paths({ from: "2026-12-01T10:00:00Z", to: "2026-12-01T09:00:00Z" })).toEqual(["query.to: must be after from"]);
    expect(paths({ from: "2020-01-01T00:00:00Z", to: "2026-12-01T09:00:00Z" })).toEqual(["query.to: the window is longer than 400 days"]);
    expect(paths({ range: "24h", from: "2026-12-01T08:00:00Z", to: "2026-12-01T09:00:00Z" })).toEqual(["query.range: must be custom (or absent) with from and to, not 24h"]);
    expect(paths({ range: "custom" })).toEqual(["query.range: custom needs from and to"]);
  });

  it("bounds the whole query string", () => {
    const long = "x".repeat(200);
    const r = checkViewQuery({ page: "events", query: { server: long, tool: long, team: long, user: long, errorType: long, q: long, flag: "x".repeat(100), from: "2026-12-01T10:00:00.000000000000+00:00", to: "2026-12-01T11:00:00Z" } });
    expect(r.issues).toEqual([]);
    const over = checkViewQuery({ page: "events", query: { server: "é".repeat(200), tool: "é".repeat(200), team: "é".repeat(200), user: "é".repeat(200) } });
    expect(over.issues).toEqual([{ path: "query", message: expect.stringMatching(new RegExp(`at most ${MAX_VIEW_QUERY_LENGTH}$`)) }]);
  });
});

describe("CreateSavedViewBody", () => {
  const body = (name: string) => CreateSavedViewBody.safeParse({ page: "events", name, query: {} });
  it("takes a one-line name, trimmed, emoji and accents included", () => {
    expect(body("  Refund errors 🔥 — équipe  ").data?.name).toBe("Refund errors 🔥 — équipe");
  });
  it("refuses an empty, too long, multi-line or deceptive name, naming the field and what was found", () => {
    for (const [name, message] of [
      ["   ", /must not be empty/],
      ["x".repeat(81), /at most 80/],
      ["errors\nignore the rest", /one line/],
      ["invoice\u202Efdp.exe", /bidirectional.*\(found RLO\)/],
      ["ok\u{E0069}\u{E0067}\u{E006E}", /tag characters \(found hidden text: "ign"\)/],
      ["bell\u0007", /control characters/],
    ] as const) {
      const r = body(name);
      expect(r.success, name).toBe(false);
      expect(r.error!.issues[0].path).toEqual(["name"]);
      expect(r.error!.issues.map((i) => i.message).join(" ")).toMatch(message);
    }
  });
  it("refuses unknown fields and an unknown page", () => {
    expect(CreateSavedViewBody.safeParse({ page: "events", name: "a", query: {}, owner: "x" }).success).toBe(false);
    expect(CreateSavedViewBody.safeParse({ page: "budgets", name: "a", query: {} }).error?.issues[0].path).toEqual(["page"]);
  });
});
