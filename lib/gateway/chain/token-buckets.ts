// Local token buckets for the rate-limit stage: `perMinute` tokens of capacity, refilled continuously.
// Memory is bounded: past `maxKeys` buckets, the ones idle longest (full again) are dropped first.

export interface TokenBuckets {
  /** Takes one token from the bucket `key` (capacity and rate `perMinute`); false when empty. */
  take(key: string, perMinute: number, now?: number): boolean;
  /** Seconds until the bucket has a token again. */
  retryAfterSeconds(key: string, perMinute: number, now?: number): number;
}

export function createTokenBuckets(o: { maxKeys?: number } = {}): TokenBuckets {
  const maxKeys = o.maxKeys ?? 100_000;
  const buckets = new Map<string, { tokens: number; at: number }>();

  function refill(key: string, perMinute: number, now: number) {
    let b = buckets.get(key);
    if (!b) {
      b = { tokens: perMinute, at: now };
      if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value as string);
    } else {
      buckets.delete(key); // re-insert: Map order is least recently used first
      b.tokens = Math.min(perMinute, b.tokens + ((now - b.at) * perMinute) / 60_000);
      b.at = now;
    }
    buckets.set(key, b);
    return b;
  }

  return {
    take(key, perMinute, now = Date.now()) {
      const b = refill(key, perMinute, now);
      if (b.tokens < 1) return false;
      b.tokens -= 1;
      return true;
    },
    retryAfterSeconds(key, perMinute, now = Date.now()) {
      const b = refill(key, perMinute, now);
      return b.tokens >= 1 ? 0 : Math.ceil(((1 - b.tokens) * 60) / perMinute);
    },
  };
}
