import { z } from "zod";
import { env } from "../env";
import { defineJob } from "../jobs/define-job";

// The detector job (listed in lib/jobs/all-jobs.ts): scheduled every minute, and run once when an instance
// starts (a restarted Warden does not wait for the next scheduled minute). When
// WARDEN_DETECTOR_INTERVAL_SECONDS is below 60 (tests, demos), each scheduled job runs the detectors
// every that many seconds until the next one is due. Runs never overlap: runDetectors takes an advisory
// lock and skips when another instance holds it; all of them pause while a replay over history runs
// (withReplayLock). Handlers import lazily (the job runner starts in server.ts, outside Next's bundles).

export const detectAnomaliesJob = defineJob({
  id: "anomaly.detect",
  payload: z.object({}).passthrough(),
  schedule: "* * * * *",
  runAtStart: true,
  pollingIntervalSeconds: 1,
  handler: async () => {
    const { detectAndNotify } = await import("./detect-and-notify");
    const { withReplayLock } = await import("./with-replay-lock");
    const { log } = await import("../log");
    const interval = env().WARDEN_DETECTOR_INTERVAL_SECONDS * 1000;
    const started = Date.now();
    for (;;) {
      const tick = Date.now();
      try {
        const live = await withReplayLock({ mode: "live", run: detectAndNotify });
        if (!live.ran) log.debug("anomaly detectors paused: a replay over history is running");
      } catch (err) {
        // One failed run must not end the loop: the next tick tries again.
        log.error({ err: String(err) }, "anomaly detectors failed");
        if (interval >= 60_000) throw err;
      }
      const next = tick + interval;
      if (next - started > 60_000 - interval / 2) break;
      await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
    }
  },
});
