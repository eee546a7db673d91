// An event's time as Postgres stores it in `events.ts` (timestamptz(3)), computed once on arrival, so that
// the partition ingest picks, the window checks, the in-batch id check and the row Postgres writes all
// agree. Postgres reads the fraction of a second with strtod and rounds it to microseconds with rint()
// (half to even, on the double frac × 10⁶), then rounds the microseconds to the column's 3 digits half
// away from zero, counted from its epoch 2000-01-01 (AdjustTimestampForTypmod). The same arithmetic on
// the same doubles here gives the same instant; tests/ingest/events-timestamps.test.ts checks it against
// Postgres. Without it, 23:59:59.9996Z went to the day's partition while Postgres stored 00:00:00.000 of
// the next day (no partition: a 500 on every retry), and a sub-millisecond time never matched its own
// stored row (a new event counted as a duplicate).

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;
/** Microseconds from the Unix epoch to Postgres' epoch, 2000-01-01T00:00:00Z. */
const PG_EPOCH_US = 946_684_800_000_000;
/** Fractional digits `events.ts` keeps (timestamptz(3)). */
const STORED_DIGITS = 3;
const SCALE = 10 ** (6 - STORED_DIGITS);

/** C's rint() in the default rounding mode: to the nearest integer, halves to even. */
function rint(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export interface NormalizedTimestamp {
  /** Milliseconds since the Unix epoch of the stored instant. */
  ms: number;
  /** The stored instant as ISO 8601 UTC with milliseconds, e.g. 2026-10-28T00:00:00.000Z. */
  iso: string;
}

/**
 * The instant Postgres stores for an RFC 3339 time (as `z.iso.datetime({ offset: true })` accepts it) in a
 * timestamptz(3) column; null if the text is not such a time.
 */
export function normalizeTimestamp(text: string): NormalizedTimestamp | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, , sign, oh, om] = m;
  const date = new Date(0);
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d)); // not Date.UTC: it maps years 0–99 to 1900–1999
  date.setUTCHours(Number(h), Number(mi), Number(s ?? 0), 0);
  let wholeMs = date.getTime();
  if (Number.isNaN(wholeMs)) return null;
  if (sign) wholeMs -= (sign === "-" ? -1 : 1) * (Number(oh) * 60 + Number(om ?? 0)) * 60_000;
  const us = wholeMs * 1000 + (frac ? rint(Number(`0${frac}`) * 1_000_000) : 0);
  const fromPgEpoch = us - PG_EPOCH_US;
  const rounded =
    fromPgEpoch >= 0
      ? Math.floor((fromPgEpoch + SCALE / 2) / SCALE) * SCALE
      : -Math.floor((-fromPgEpoch + SCALE / 2) / SCALE) * SCALE;
  const ms = (rounded + PG_EPOCH_US) / 1000;
  const out = new Date(ms);
  if (Number.isNaN(out.getTime())) return null;
  return { ms, iso: out.toISOString() };
}
