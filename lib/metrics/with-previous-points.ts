// The chart rows of a time chart with its comparison: each point of the window gets the values of the
// comparison bucket aligned under it (alignPreviousPeriod) as `prev_<key>`, that bucket's start as `prev_t`
// and its call count as `prev_volume` (for the tooltip's "low volume"). Pure; unit-tested.

export const PREV = "prev_";

export function withPreviousPoints<P extends { t: string }, Q extends { t: string }>({
  points,
  aligned,
  pick,
}: {
  points: readonly P[];
  aligned: readonly (Q | null)[];
  /** The values to draw from a comparison point (by the current series' keys), and its calls when known. */
  pick: (q: Q) => { values: Record<string, number | null>; volume?: number };
}): (P & Record<string, unknown>)[] {
  return points.map((p, i) => {
    const q = aligned[i] ?? null;
    const out: Record<string, unknown> = { ...p, prev_t: q?.t ?? null, prev_volume: null };
    if (!q) return out as P & Record<string, unknown>;
    const { values, volume } = pick(q);
    for (const [k, v] of Object.entries(values)) out[`${PREV}${k}`] = v;
    out.prev_volume = volume ?? null;
    return out as P & Record<string, unknown>;
  });
}
