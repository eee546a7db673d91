import "server-only";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { ApiError } from "../http/errors";
import { readLimited } from "../http/read-body";
import { checkJsonValue, invalidText, MAX_TEXT_ISSUES } from "../http/check-json-value";
import { mayBeTooDeep, mayHoldBadText } from "../http/parse-json-text";
import { MAX_EVENTS_PER_BATCH } from "./schema";

const gunzipAsync = promisify(gunzip);

/** Body cap, both as sent and after gunzip (a small gzip body can expand a thousandfold). */
export const MAX_EVENT_BODY_BYTES = 1024 * 1024;

/**
 * Reads the raw events of POST /api/v1/events: JSON `{"events":[…]}` or NDJSON (one event a line),
 * optionally gzip-encoded. Checks media type (415), encoding (415), size before and after gunzip and
 * the event count (413), and JSON syntax (400). Returns the events unvalidated.
 */
export async function readEventBatch(req: Request): Promise<unknown[]> {
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json" && type !== "application/x-ndjson") {
    throw new ApiError("unsupported_media_type", `Send Content-Type: application/json or application/x-ndjson (got ${type || "none"}).`);
  }
  const encoding = (req.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding !== "identity" && encoding !== "gzip") {
    throw new ApiError("unsupported_media_type", `Content-Encoding ${encoding} is not supported; send gzip or no encoding.`);
  }
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_EVENT_BODY_BYTES) throw tooLarge();
  let body = await readLimited(req, MAX_EVENT_BODY_BYTES);
  if (encoding === "gzip") body = await gunzipLimited(body);
  const text = new TextDecoder("utf-8", { fatal: false }).decode(body);
  return type === "application/x-ndjson" ? parseNdjson(text) : parseJsonEnvelope(text);
}

function tooLarge(): ApiError {
  return new ApiError("payload_too_large", `The body is larger than ${MAX_EVENT_BODY_BYTES} bytes (after decompression); send smaller batches.`);
}

/** Gunzips with a hard output cap, so a gzip bomb costs at most MAX_EVENT_BODY_BYTES of memory. */
export async function gunzipLimited(body: Uint8Array, maxBytes = MAX_EVENT_BODY_BYTES): Promise<Uint8Array> {
  try {
    return await gunzipAsync(body, { maxOutputLength: maxBytes });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "ERR_BUFFER_TOO_LARGE" || err instanceof RangeError) throw tooLarge();
    throw new ApiError("invalid_request", "The body is not valid gzip data.");
  }
}

export function parseJsonEnvelope(text: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ApiError("invalid_request", `Malformed JSON: ${(err as Error).message}`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new ApiError("invalid_request", 'The body must be a JSON object {"events":[…]}.', { issues: [{ path: "(root)", message: "expected an object" }] });
  }
  const extra = Object.keys(parsed).filter((k) => k !== "events");
  if (extra.length) {
    throw new ApiError("invalid_request", `Unknown field(s): ${extra.join(", ")}.`, { issues: extra.map((k) => ({ path: k, message: "unknown field" })) });
  }
  const events = (parsed as { events?: unknown }).events;
  if (!Array.isArray(events)) {
    throw new ApiError("invalid_request", '"events" must be an array of events.', { issues: [{ path: "events", message: "expected an array" }] });
  }
  checkCount(events.length);
  checkEvents(events, text);
  return events;
}

export function parseNdjson(text: string): unknown[] {
  const events: unknown[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    if (events.length === MAX_EVENTS_PER_BATCH) checkCount(MAX_EVENTS_PER_BATCH + 1);
    try {
      events.push(JSON.parse(line));
    } catch (err) {
      throw new ApiError("invalid_request", `Malformed JSON on line ${i + 1}: ${(err as Error).message}`, {
        issues: [{ index: events.length, path: "(root)", message: `line ${i + 1} is not valid JSON` }],
      });
    }
  }
  checkCount(events.length);
  checkEvents(events, text);
  return events;
}

/** Depth cap and no NUL / unpaired surrogate, per event (issues carry the event's index, as validation's do). */
function checkEvents(events: unknown[], text: string) {
  const checkText = mayHoldBadText(text);
  if (!checkText && !mayBeTooDeep(text)) return; // the common case: a scan of the text, no walk
  const issues = [];
  for (let index = 0; index < events.length && issues.length < MAX_TEXT_ISSUES; index++) {
    issues.push(...checkJsonValue({ value: events[index], index, checkText }));
  }
  if (issues.length) throw invalidText(issues);
}

function checkCount(n: number) {
  if (n > MAX_EVENTS_PER_BATCH) {
    throw new ApiError("payload_too_large", `A batch holds at most ${MAX_EVENTS_PER_BATCH} events; send smaller batches.`);
  }
  if (n === 0) throw new ApiError("invalid_request", "The batch holds no events.", { issues: [{ path: "events", message: "must hold at least one event" }] });
}
