import { describe, expect, it } from "vitest";
import { parseUrlRange } from "./url-range";

const from = "2026-03-10T01:00:00.000Z";
const to = "2026-03-10T01:05:00.000Z";

describe("parseUrlRange", () => {
  it("honours from/to exactly when the link omits range=custom (the alert → events link)", () => {
    expect(parseUrlRange({ from, to })).toEqual({ range: "custom", from, to, problems: [] });
    expect(parseUrlRange({ range: "custom", from, to })).toEqual({ range: "custom", from, to, problems: [] });
  });

  it("keeps presets and the default without a word", () => {
    expect(parseUrlRange({})).toEqual({ range: "24h", problems: [] });
    expect(parseUrlRange({ range: "1h" })).toEqual({ range: "1h", problems: [] });
  });

  it("says what it could not use and what it shows instead", () => {
    expect(parseUrlRange({ from })).toMatchObject({ range: "24h", problems: [expect.stringContaining("“from” without “to”"), "Showing the last 24 hours instead."] });
    expect(parseUrlRange({ range: "7d", from: "yesterday", to })).toMatchObject({ range: "7d", problems: [expect.stringContaining("ISO timestamps"), "Showing the last 7 days instead."] });
    expect(parseUrlRange({ range: "2h" }).problems[0]).toContain("“2h”");
    expect(parseUrlRange({ range: "custom" }).problems[0]).toContain("no “from” and “to”");
    expect(parseUrlRange({ from: to, to: from }).problems[0]).toContain("before");
  });

  it("prefers the absolute window when a preset comes with it, and says so", () => {
    const r = parseUrlRange({ range: "24h", from, to });
    expect(r).toMatchObject({ range: "custom", from, to });
    expect(r.problems).toHaveLength(1);
  });
});
