import "server-only";
import { env } from "../env";
import { ApiError, type ErrorIssue } from "../http/errors";
import { readLimited } from "../http/read-body";
import { ingestEvents } from "../ingest/ingest-events";
import { gunzipLimited } from "../ingest/read-event-batch";
import { validateEventBatch, type ValidatedEvent } from "../ingest/validate-event-batch";
import { wardenMetrics } from "../telemetry/warden-metrics";
import { announceIngest } from "../ingest/announce-ingest";
import { decodeOtlpTraces, type OtlpEncoding } from "./decode-otlp-traces";
import { encodeExportResponse, PROTOBUF } from "./encode-otlp-response";
import { mapSpanToEvent, type OtlpMappingSettings } from "./map-span-to-event";
import { parseServerMap } from "./parse-server-map";
import { pickCallSpans } from "./pick-call-spans";
import type { RejectedSpan } from "./types";

/** Body cap, as sent and after gunzip (an exporter's default batch of 512 spans fits many times over). */
export const MAX_OTLP_BODY_BYTES = 4 * 1024 * 1024;
/** Tool calls mapped and validated between two turns of the event loop. */
const YIELD_EVERY = 100;
/** Reasons listed in partial_success.error_message; the rest are counted. */
const MAX_REASONS = 10;

function settings(): OtlpMappingSettings {
  const e = env();
  return { userAttribute: e.WARDEN_OTLP_USER_ATTRIBUTE, teamAttribute: e.WARDEN_OTLP_TEAM_ATTRIBUTE, serverMap: parseServerMap(e.WARDEN_OTLP_SERVER_MAP) };
}

async function readBody(req: Request): Promise<{ body: Uint8Array; encoding: OtlpEncoding }> {
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== PROTOBUF && type !== "application/json") {
    throw new ApiError("unsupported_media_type", `Send Content-Type: application/x-protobuf or application/json (got ${type || "none"}).`);
  }
  const contentEncoding = (req.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (contentEncoding !== "identity" && contentEncoding !== "gzip") {
    throw new ApiError("unsupported_media_type", `Content-Encoding ${contentEncoding} is not supported; send gzip or no encoding.`);
  }
  if (Number(req.headers.get("content-length") ?? "0") > MAX_OTLP_BODY_BYTES) {
    throw new ApiError("payload_too_large", `The body is larger than ${MAX_OTLP_BODY_BYTES} bytes; export smaller batches.`);
  }
  let body = await readLimited(req, MAX_OTLP_BODY_BYTES);
  if (contentEncoding === "gzip") body = await gunzipLimited(body, MAX_OTLP_BODY_BYTES);
  return { body, encoding: type === PROTOBUF ? "protobuf" : "json" };
}

const describe = (issues: ErrorIssue[]) => issues.map((i) => `${i.path} ${i.message}`).join("; ");

/**
 * POST /api/v1/otlp/v1/traces: an OTLP/HTTP ExportTraceServiceRequest (protobuf or JSON, gzip or not). Tool-call
 * spans become events through the JSON path's validation, write statement, rollups and realtime notice; other
 * spans are not events. Unlike POST /api/v1/events (all or nothing), a bad span is rejected alone and reported
 * in partial_success, as OTLP requires; the request's good spans are stored.
 */
export async function receiveOtlpTraces(opts: { req: Request; gatewayId: string }): Promise<Response> {
  const { body, encoding } = await readBody(opts.req);
  const { spans, rejected } = decodeOtlpTraces({ body, encoding });
  const metrics = wardenMetrics();
  const stopTimer = metrics.ingestBatchSeconds.startTimer();
  const mapping = settings();
  const retentionDays = env().WARDEN_RETENTION_DAYS;
  const valid: ValidatedEvent[] = [];
  const ids = new Set<string>();
  let noUser = 0;
  let n = 0;
  for (const call of pickCallSpans({ spans })) {
    // A 4 MiB request holds thousands of spans: let other requests' I/O through now and then.
    if (++n % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const mapped = mapSpanToEvent({ call, settings: mapping });
    if (ids.has(mapped.event.id)) continue; // another span of the same call in this request
    try {
      valid.push(...validateEventBatch([mapped.event], { retentionDays }));
      ids.add(mapped.event.id);
      if (mapped.noUser) noUser++;
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      rejected.push({ at: call.span.at, reason: describe(err.options.issues ?? []) || err.message });
    }
  }
  const result = await ingestEvents({ gatewayId: opts.gatewayId, events: valid });
  stopTimer();
  announceIngest(result);
  return encodeExportResponse({ encoding, rejectedSpans: rejected.length, message: message(rejected, noUser) });
}

function message(rejected: RejectedSpan[], noUser: number): string | null {
  const parts: string[] = [];
  if (rejected.length) {
    const listed = rejected.slice(0, MAX_REASONS).map((r) => `${r.at}: ${r.reason}`);
    if (rejected.length > MAX_REASONS) listed.push(`and ${rejected.length - MAX_REASONS} more`);
    parts.push(`${rejected.length} span(s) rejected: ${listed.join("; ")}`);
  }
  if (noUser) parts.push(`warning: ${noUser} tool call(s) named no user (enduser.id, user.id or WARDEN_OTLP_USER_ATTRIBUTE) and were stored with userId "unknown"`);
  return parts.length ? parts.join(". ") : null;
}
