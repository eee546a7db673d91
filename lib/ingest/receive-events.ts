import "server-only";
import { env } from "../env";
import { wardenMetrics } from "../telemetry/warden-metrics";
import { announceIngest } from "./announce-ingest";
import { ingestEvents } from "./ingest-events";
import { readEventBatch } from "./read-event-batch";
import type { IngestEventsResponse } from "./schema";
import { validateEventBatch } from "./validate-event-batch";

/** POST /api/v1/events: read (size, type, gzip, NDJSON), validate all or nothing, store once, announce. */
export async function receiveEvents(opts: { req: Request; gatewayId: string }): Promise<IngestEventsResponse> {
  const raw = await readEventBatch(opts.req);
  const metrics = wardenMetrics();
  const stopTimer = metrics.ingestBatchSeconds.startTimer();
  const events = validateEventBatch(raw, { retentionDays: env().WARDEN_RETENTION_DAYS });
  const result = await ingestEvents({ gatewayId: opts.gatewayId, events });
  stopTimer();
  announceIngest(result);
  return result;
}
