import "server-only";
import { log } from "../log";
import { backfillAnomalies } from "../anomaly/backfill-anomalies";
import { DEMO_REPLAY } from "./demo-catalog";
import { seedDemo } from "./seed-demo";
import { startLiveTraffic } from "./start-live-traffic";

/**
 * The living demo (server.ts decides whether it runs): seeds 30 days of history, approval rules and
 * budgets into an empty database, then keeps a demo gateway sending live traffic through the real API
 * (events, calls held for approval, spend reservations). Right after a seed, the anomaly
 * detectors are replayed over the seeded incidents in the background (live detector runs pause
 * meanwhile), so the incidents are explained alerts on first start. A failure never stops Warden.
 */
export async function startDemo(opts: { baseUrl: string }): Promise<{ stop: () => Promise<void> }> {
  let replay: { abort: AbortController; done: Promise<void> } | null = null;
  try {
    const seed = await seedDemo();
    if (seed.seeded) {
      log.info({ events: seed.events, seconds: Math.round(seed.ms / 100) / 10 }, "demo: 30 days of history seeded");
      const abort = new AbortController();
      const to = new Date();
      const from = new Date(to.getTime() - DEMO_REPLAY.hours * 3_600_000);
      log.info({ from: from.toISOString(), to: to.toISOString(), stepMinutes: DEMO_REPLAY.stepMinutes }, "demo: replaying the anomaly detectors over the seeded history");
      const done = backfillAnomalies({ from, to, stepMinutes: DEMO_REPLAY.stepMinutes, signal: abort.signal }).then(
        (r) => {
          const figures = { runs: r.runs, opened: r.opened, seconds: Math.round(r.ms / 100) / 10 };
          if (r.aborted) log.warn(figures, "demo: the detector replay was stopped before its end (it is not resumed)");
          else log.info(figures, "demo: seeded incidents replayed as alerts");
        },
        (err) => log.error({ err: String(err) }, "demo: replaying the anomaly detectors failed"),
      );
      replay = { abort, done };
    } else log.info("demo: the database already holds events; not seeding");
  } catch (err) {
    log.error({ err: String(err) }, "demo: seeding failed");
  }
  const stopReplay = async () => {
    replay?.abort.abort();
    await replay?.done;
  };
  try {
    const live = await startLiveTraffic(opts);
    return {
      stop: async () => {
        await Promise.all([stopReplay(), live.stop()]);
      },
    };
  } catch (err) {
    log.error({ err: String(err) }, "demo: live traffic could not start");
    return { stop: stopReplay };
  }
}
