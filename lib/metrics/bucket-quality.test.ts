import { describe, expect, it } from "vitest";
import { isLowVolume, isolatedPoints, partialBucket } from "./bucket-quality";

describe("bucket quality", () => {
  it("finds the values a line cannot draw without a dot (no neighbour)", () => {
    expect(isolatedPoints([null, 0.2, null, 0.1, 0.3, null, 0])).toEqual([false, true, false, false, false, false, true]);
  });

  it("marks the last bucket partial while the window ends inside it", () => {
    const points = [{ t: "2026-03-10T14:36:00.000Z" }, { t: "2026-03-10T14:37:00.000Z" }];
    expect(partialBucket(points, 60, "2026-03-10T14:37:25.000Z")).toBe("2026-03-10T14:37:00.000Z");
    expect(partialBucket(points, 60, "2026-03-10T14:38:00.000Z")).toBeNull();
  });

  it("calls 1 to 9 calls low volume, not an empty bucket", () => {
    expect([0, 1, 9, 10].map(isLowVolume)).toEqual([false, true, true, false]);
  });
});
