import { describe, expect, it } from "vitest";
import { ApiError } from "../http/errors";
import { checkParams, validateEventBatch } from "./validate-event-batch";

const now = Date.parse("2026-06-01T12:00:00Z");
const event = (over: Record<string, unknown> = {}) => ({
  id: "6f1c3a52-6d53-4c4b-9d0e-2b8d0a8f9f10",
  timestamp: "2026-06-01T11:59:00Z",
  userId: "alice",
  server: "github",
  tool: "search_code",
  status: "ok",
  ...over,
});

function issuesOf(raw: unknown[]) {
  try {
    validateEventBatch(raw, { now, retentionDays: 90 });
  } catch (err) {
    if (err instanceof ApiError) return err.options.issues;
    throw err;
  }
  return [];
}

describe("validateEventBatch", () => {
  it("accepts a valid event and keeps its parsed time and serialized params", () => {
    const [e] = validateEventBatch([event({ params: { q: "x" } })], { now, retentionDays: 90 });
    expect(e.tsMs).toBe(Date.parse("2026-06-01T11:59:00Z"));
    expect(e.paramsJson).toBe('{"q":"x"}');
  });

  it("refuses timestamps more than 5 minutes ahead or older than retention, and offsetless times", () => {
    expect(issuesOf([event({ timestamp: "2026-06-01T12:06:00Z" })])).toEqual([{ index: 0, path: "timestamp", message: expect.stringContaining("future") }]);
    expect(issuesOf([event({ timestamp: "2026-06-01T12:04:00+00:00" })])).toEqual([]);
    expect(issuesOf([event({ timestamp: "2026-02-01T00:00:00Z" })])![0]).toMatchObject({ path: "timestamp" });
    expect(issuesOf([event({ timestamp: "2026-06-01T11:59:00" })])![0]).toMatchObject({ path: "timestamp" });
  });

  it("lists every bad event with its index, and nothing else", () => {
    const issues = issuesOf([event(), event({ status: "nope" }), event(), event({ userId: "" , extra: 1 })]);
    expect(issues!.map((i) => i.index)).toEqual([1, 3, 3]);
  });

  it("treats ids case-insensitively", () => {
    const [e] = validateEventBatch([event({ id: "6F1C3A52-6D53-4C4B-9D0E-2B8D0A8F9F10" })], { now, retentionDays: 90 });
    expect(e.id).toBe("6f1c3a52-6d53-4c4b-9d0e-2b8d0a8f9f10");
    expect(issuesOf([event(), event({ id: "6F1C3A52-6D53-4C4B-9D0E-2B8D0A8F9F10", timestamp: "2026-06-01T11:58:00Z" })])![0]).toMatchObject({ path: "id" });
  });

  it("refuses an id repeated with another timestamp, allows an exact repeat", () => {
    expect(issuesOf([event(), event()])).toEqual([]);
    expect(issuesOf([event(), event({ timestamp: "2026-06-01T11:58:00Z" })])).toEqual([{ index: 1, path: "id", message: expect.any(String) }]);
  });
});

describe("checkParams", () => {
  it("refuses NUL and unpaired surrogates but not their escaped text", () => {
    expect(checkParams({ a: "x\u0000y" })).toHaveProperty("error");
    expect(checkParams({ ["\ud800"]: 1 })).toHaveProperty("error");
    expect(checkParams({ a: "literal \\u0000 in code" })).toEqual({ json: '{"a":"literal \\\\u0000 in code"}' });
    expect(checkParams({ a: "emoji 😀" })).toHaveProperty("json");
  });

  it("refuses params too large or too deep", () => {
    expect(checkParams({ a: "x".repeat(17 * 1024) })).toHaveProperty("error");
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 12; i++) deep = { d: deep };
    expect(checkParams(deep)).toEqual({ error: expect.stringContaining("deeper") });
    expect(checkParams({ a: [[[1]]], b: { c: { d: 1 } } })).toHaveProperty("json");
  });
});
