import { z } from "zod";
import { defineJob } from "../jobs/define-job";
import { env } from "../env";
import { log } from "../log";
import { createEventPartitionsAhead, dropExpiredEventPartitions } from "./event-partitions";

/** Hourly: keeps daily `events` partitions a week ahead and drops the ones past WARDEN_RETENTION_DAYS. */
export const eventPartitionsJob = defineJob({
  id: "ingest.event-partitions",
  payload: z.object({}).strict(),
  schedule: "7 * * * *",
  pollingIntervalSeconds: 30,
  handler: async () => {
    await createEventPartitionsAhead({ daysAhead: 7 });
    const dropped = await dropExpiredEventPartitions({ retentionDays: env().WARDEN_RETENTION_DAYS });
    if (dropped.length) log.info({ dropped }, "retention: dropped event partitions (rollups kept)");
  },
});
