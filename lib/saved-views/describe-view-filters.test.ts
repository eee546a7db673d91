import { describe, expect, it } from "vitest";
import { describeViewFilters } from "./describe-view-filters";

const prodEast = { id: "6f1c2b7e-3d4a-4b5c-8d9e-0f1a2b3c4d5e", name: "prod-east" };
const gone = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

describe("describeViewFilters", () => {
  it("names a view's gateway instead of showing its id", () => {
    const parts = describeViewFilters({ query: { range: "7d", gateway: prodEast.id, tool: "send_email" }, gateways: [{ id: gone.replace("0a", "ff"), name: "other" }, prodEast] });
    expect(parts).toEqual([
      { key: "gateway", label: "gateway", value: "prod-east" },
      { key: "tool", label: "tool", value: "send_email" },
    ]);
  });

  it("says a gateway deleted since the view was saved is deleted, with a short id", () => {
    expect(describeViewFilters({ query: { gateway: gone }, gateways: [prodEast] })).toEqual([{ key: "gateway", label: "deleted gateway", value: "0a1b2c3d" }]);
  });

  it("shows a short id, marked unfinished, while the gateways are still loading (not 'deleted')", () => {
    expect(describeViewFilters({ query: { gateway: prodEast.id }, gateways: undefined })).toEqual([{ key: "gateway", label: "gateway", value: "6f1c2b7e…" }]);
  });

  it("leaves the window to the range label, names each other filter (a comparison in the picker's words), and lists live tail as a switch", () => {
    const parts = describeViewFilters({ query: { range: "custom", from: "2026-12-01T10:00:00.000Z", to: "2026-12-01T11:00:00.000Z", errorType: "timeout", flag: "pii", live: "1", compare: "previous" }, gateways: [] });
    expect(parts.map((p) => [p.label, p.value])).toEqual([
      ["error type", "timeout"],
      ["risk flag", "pii"],
      ["live tail", undefined],
      ["compared with", "the previous period"],
    ]);
    expect(describeViewFilters({ query: { compare: "week", cost: "tool" }, gateways: [] }).map((p) => p.value)).toEqual(["the same time last week", "tool"]);
  });

  it("describes a view with no filters as no parts", () => {
    expect(describeViewFilters({ query: { range: "24h" }, gateways: [prodEast] })).toEqual([]);
  });
});
