import { LOW_VOLUME_CALLS } from "./bucket-quality";
import { compare } from "./series";

// The change a chart's tooltip shows between a bucket and the bucket under it from the comparison period.
// Pure and isomorphic; unit-tested (align-previous-period.test.ts).

export type BucketChangeNote =
  /** The current bucket has no value (no calls). */
  | "no_value"
  /** The comparison period has no such bucket, or no value in it. */
  | "no_previous"
  /** The previous value is 0: a relative change means nothing. */
  | "previous_zero"
  /** The previous bucket had fewer than LOW_VOLUME_CALLS calls. */
  | "previous_low_volume"
  /** The current bucket is still filling: "so far" against a whole bucket would read as a drop. */
  | "partial";

export interface BucketChange {
  /** Relative change (0.25 = +25 %), or null with the reason in `note`. */
  change: number | null;
  note?: BucketChangeNote;
}

export function bucketChange({ value, previous, previousVolume, partial = false }: { value: number | null; previous: number | null; previousVolume?: number | null; partial?: boolean }): BucketChange {
  if (previous === null || previous === undefined) return { change: null, note: "no_previous" };
  if (value === null || value === undefined) return { change: null, note: "no_value" };
  if (partial) return { change: null, note: "partial" };
  if (previousVolume !== undefined && previousVolume !== null && previousVolume > 0 && previousVolume < LOW_VOLUME_CALLS) return { change: null, note: "previous_low_volume" };
  if (previous === 0) return { change: null, note: "previous_zero" };
  return { change: compare(value, previous).change };
}
