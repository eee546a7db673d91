import "server-only";
import { Prisma } from "../generated/prisma/client";
import type { BaselineSet } from "./find-seasonal-baselines";
import { dispersionsOf, dispersionStateFrom, foldDispersionSlots, storedDispersionState, type SeriesDispersion, type StoredDispersionState } from "./series-dispersion";
import { execute, rows, type Queryable } from "./sql";

// The series' dispersions (series-dispersion.ts) kept in anomaly_state ('dispersion'): read when a run
// loads the baselines of a new hour, the hour-slots they add folded in, written back. Runs are
// serialised by the detector's lock, and a slot already added is never added twice.

export async function updateSeriesDispersions(q: Queryable, set: BaselineSet, known: Map<string, number>): Promise<Map<string, SeriesDispersion>> {
  const [row] = await rows<{ value: StoredDispersionState }>(q, Prisma.sql`SELECT value FROM anomaly_state WHERE key = 'dispersion'`);
  const state = dispersionStateFrom(row?.value);
  const next = foldDispersionSlots(state, { hourMs: set.hourMs, hours: set.hours, samples: set.samples, known });
  if (next !== state) {
    await execute(
      q,
      Prisma.sql`INSERT INTO anomaly_state (key, value, updated_at) VALUES ('dispersion', ${JSON.stringify(storedDispersionState(next))}::jsonb, now())
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`,
    );
  }
  return dispersionsOf(next);
}
