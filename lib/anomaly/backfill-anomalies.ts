import "server-only";
import { db } from "../db";
import { log } from "../log";
import { runDetectors } from "./run-detectors";
import { withReplayLock } from "./with-replay-lock";

// Replays the detectors over recent history (e.g. right after the demo seeded 30 days, or after Warden
// was down): the same detector code at a simulated "now" every few minutes, so incidents already in the
// rollups become explained alerts — opened, and resolved when they ended. Alerts raised by a replay are
// marked notified: history does not page anyone. Live detector runs pause for the whole replay
// (withReplayLock), on every instance. `signal` stops it between two runs (shutdown).

const DAY = 86_400_000;

export interface BackfillResult {
  runs: number;
  opened: number;
  ms: number;
  /** Stopped by `signal` before reaching `to`. */
  aborted: boolean;
}

export async function backfillAnomalies(opts: { from?: Date; to?: Date; stepMinutes?: number; signal?: AbortSignal } = {}): Promise<BackfillResult> {
  const started = Date.now();
  const step = (opts.stepMinutes ?? 5) * 60_000;
  const locked = await withReplayLock({
    mode: "replay",
    run: async () => {
      const to = opts.to ?? new Date();
      const from = opts.from ?? new Date(to.getTime() - 7 * DAY);
      const raised = new Set<string>();
      let runs = 0;
      let opened = 0;
      let aborted = false;
      let nextReport = from.getTime() + DAY;
      for (let t = Math.floor(from.getTime() / step) * step; t <= to.getTime(); t += step) {
        if (opts.signal?.aborted) {
          aborted = true;
          break;
        }
        const r = await runDetectors({ now: new Date(t), waitForLock: true, replay: true });
        runs++;
        opened += r.opened.length;
        for (const id of [...r.opened, ...r.escalated]) raised.add(id);
        if (t >= nextReport) {
          nextReport += DAY;
          log.info({ reached: new Date(t).toISOString(), runs, opened, ms: Date.now() - started }, "anomaly replay: progress");
        }
      }
      // Everything this replay opened or escalated (including what is still open at `to`) counts as routed.
      if (raised.size) await db().alert.updateMany({ where: { id: { in: [...raised] }, notifiedAt: null }, data: { notifiedAt: new Date() } });
      return { runs, opened, aborted };
    },
  });
  if (!locked.ran) throw new Error("the replay lock was not taken"); // (a replay waits for it: not reached)
  const result = { ...locked.value, ms: Date.now() - started };
  log.info(result, "anomaly detectors replayed over history");
  return result;
}
