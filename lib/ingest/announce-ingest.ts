import "server-only";
import { publishThrottled } from "../realtime/publish";
import { wardenMetrics } from "../telemetry/warden-metrics";
import type { IngestEventsResponse } from "./schema";

/** After a batch is stored (JSON or OTLP): count accepted and duplicate events, and tell dashboards when any were new. */
export function announceIngest(result: Pick<IngestEventsResponse, "accepted" | "duplicates">): void {
  const metrics = wardenMetrics();
  metrics.ingestEvents.inc({ result: "accepted" }, result.accepted);
  metrics.ingestEvents.inc({ result: "duplicate" }, result.duplicates);
  if (result.accepted > 0) {
    publishThrottled("events");
    publishThrottled("metrics");
  }
}
