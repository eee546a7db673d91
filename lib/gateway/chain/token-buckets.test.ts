import { describe, expect, it } from "vitest";
import { createTokenBuckets } from "./token-buckets";

describe("createTokenBuckets", () => {
  it("allows a full bucket's worth at once, then refills at perMinute per minute", () => {
    const b = createTokenBuckets();
    const t0 = 1_000_000;
    expect([1, 2, 3].map(() => b.take("k", 3, t0))).toEqual([true, true, true]);
    expect(b.take("k", 3, t0)).toBe(false);
    expect(b.retryAfterSeconds("k", 3, t0)).toBe(20);
    expect(b.take("k", 3, t0 + 19_000)).toBe(false);
    expect(b.take("k", 3, t0 + 20_000)).toBe(true);
    expect(b.take("other", 3, t0)).toBe(true);
  });

  it("never holds more than its capacity after a long idle time", () => {
    const b = createTokenBuckets();
    b.take("k", 2, 0);
    const later = 60 * 60_000;
    expect([b.take("k", 2, later), b.take("k", 2, later), b.take("k", 2, later)]).toEqual([true, true, false]);
  });

  it("keeps at most maxKeys buckets, dropping the least recently used", () => {
    const b = createTokenBuckets({ maxKeys: 2 });
    b.take("a", 1, 0);
    b.take("b", 1, 0);
    b.take("c", 1, 0); // "a" is dropped: it starts full again
    expect(b.take("a", 1, 0)).toBe(true);
    expect(b.take("c", 1, 0)).toBe(false);
  });
});
