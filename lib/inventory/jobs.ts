import { z } from "zod";
import { defineJob } from "../jobs/define-job";

// The inventory domain's jobs (listed in lib/jobs/all-jobs.ts). Handlers import lazily.

/** At most this many batches (of 200) per run, the rest waits for the next hour: 1,000 versions, what the heavy
 * scanner queues at most (lib/guards/heavy/create-heavy-scanner.ts maxQueued), so an upgrade's re-scan does not
 * drop heavy scans. */
const MAX_BATCHES = 5;

// Re-scans the current tool versions scanned by other guard rules (lib/inventory/rescan-tool-versions.ts):
// at start (an upgrade that changed the rules) and hourly; one indexed query when nothing is stale.
export const rescanToolVersionsJob = defineJob({
  id: "inventory.rescan-tool-versions",
  payload: z.object({}).passthrough(),
  schedule: "17 * * * *",
  runAtStart: true,
  handler: async () => {
    const { rescanToolVersions } = await import("./rescan-tool-versions");
    for (let i = 0; i < MAX_BATCHES; i++) if (!(await rescanToolVersions()).more) break;
  },
});
