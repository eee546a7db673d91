import "server-only";
import { db } from "../db";
import { log } from "../log";
import { runDetectors } from "./run-detectors";

// Replays the detectors over recent history (e.g. right after the demo seeded 30 days, or after Warden
// was down): the same detector code at a simulated "now" every few minutes, so incidents already in the
// rollups become explained alerts — opened, and resolved when they ended. Alerts raised by a replay are
// marked notified: history does not page anyone.

export async function backfillAnomalies(opts: { from?: Date; to?: Date; stepMinutes?: number } = {}): Promise<{ runs: number; opened: number; ms: number }> {
  const started = Date.now();
  const step = (opts.stepMinutes ?? 5) * 60_000;
  const to = opts.to ?? new Date();
  const from = opts.from ?? new Date(to.getTime() - 7 * 86_400_000);
  let runs = 0;
  let opened = 0;
  for (let t = Math.floor(from.getTime() / step) * step; t <= to.getTime(); t += step) {
    const r = await runDetectors({ now: new Date(t), waitForLock: true, replay: true });
    runs++;
    opened += r.opened.length;
  }
  await db().alert.updateMany({ where: { notifiedAt: null, source: { in: ["anomaly", "rule"] }, firstSeenAt: { lt: to } }, data: { notifiedAt: new Date() } });
  const ms = Date.now() - started;
  log.info({ runs, opened, ms }, "anomaly detectors replayed over history");
  return { runs, opened, ms };
}
