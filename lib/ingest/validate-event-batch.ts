import { ApiError, formatPath, type ErrorIssue } from "../http/errors";
import { normalizeTimestamp } from "./normalize-timestamp";
import { IngestEvent, jsonDepth, MAX_FUTURE_SKEW_MS, MAX_PARAMS_BYTES, MAX_PARAMS_DEPTH, STORABLE } from "./schema";

export interface ValidatedEvent extends IngestEvent {
  /**
   * `timestamp` as Postgres stores it (normalize-timestamp.ts), in ms since the epoch; `timestamp` itself
   * is replaced by the same instant in ISO form. Everything after validation uses these two only.
   */
  tsMs: number;
  /** `params` serialized once (what is stored), or null. */
  paramsJson?: string | null;
}

// In JSON.stringify's output, NUL and unpaired surrogates (which jsonb refuses) are the only characters
// written as \u0000 / \udXXX escapes; an even run of backslashes before them is escaped text, not an escape.
const UNSTORABLE_ESCAPE = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/i;

/** Whether the JSON text has more than `limit` `{` / `[` (it cannot nest deeper than that otherwise). */
function hasMoreOpenings(json: string, limit: number): boolean {
  let n = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if ((c === 123 || c === 91) && ++n > limit) return true;
  }
  return false;
}

/** Serializes and checks one event's params; returns the JSON or an issue message. */
export function checkParams(params: Record<string, unknown>): { json: string } | { error: string } {
  const json = JSON.stringify(params);
  if (json.length > MAX_PARAMS_BYTES / 3 && Buffer.byteLength(json) > MAX_PARAMS_BYTES) {
    return { error: `must serialize to at most ${MAX_PARAMS_BYTES} bytes` };
  }
  if (hasMoreOpenings(json, MAX_PARAMS_DEPTH) && jsonDepth(params, MAX_PARAMS_DEPTH + 1) > MAX_PARAMS_DEPTH) {
    return { error: `must not nest deeper than ${MAX_PARAMS_DEPTH} levels` };
  }
  if (json.includes("\\u") && UNSTORABLE_ESCAPE.test(json)) return { error: STORABLE };
  return { json };
}

/**
 * Validates a whole batch against the event schema, the accepted time window (not more than 5 minutes
 * ahead, not older than the retention window) and id consistency inside the batch. All or nothing:
 * throws one 400 listing every issue of every bad event (`index`, `path` inside the event, `message`).
 */
export function validateEventBatch(raw: readonly unknown[], opts: { now?: number; retentionDays: number }): ValidatedEvent[] {
  const now = opts.now ?? Date.now();
  const oldest = now - opts.retentionDays * 86_400_000;
  const issues: ErrorIssue[] = [];
  const out: ValidatedEvent[] = [];
  const seen = new Map<string, { index: number; tsMs: number }>();
  let bad = 0;
  for (let index = 0; index < raw.length; index++) {
    const before = issues.length;
    const parsed = IngestEvent.safeParse(raw[index]);
    if (!parsed.success) {
      for (const i of parsed.error.issues) issues.push({ index, path: formatPath(i.path), message: i.message });
    } else {
      const e = parsed.data;
      const stored = normalizeTimestamp(e.timestamp);
      const tsMs = stored ? stored.ms : NaN;
      if (!stored) {
        issues.push({ index, path: "timestamp", message: "is not a valid RFC 3339 time" });
      } else if (tsMs > now + MAX_FUTURE_SKEW_MS) {
        issues.push({ index, path: "timestamp", message: "is more than 5 minutes in the future (check the gateway's clock)" });
      } else if (tsMs < oldest) {
        issues.push({ index, path: "timestamp", message: `is older than the retention window (${opts.retentionDays} days)` });
      }
      let paramsJson: string | null = null;
      if (e.params) {
        const checked = checkParams(e.params);
        if ("error" in checked) issues.push({ index, path: "params", message: checked.error });
        else paramsJson = checked.json;
      }
      const id = e.id.toLowerCase(); // UUIDs are case-insensitive; Postgres returns them lowercase
      const first = seen.get(id);
      if (first && first.tsMs !== tsMs) {
        issues.push({ index, path: "id", message: `repeats the id of event ${first.index} with a different timestamp` });
      } else if (!first) {
        seen.set(id, { index, tsMs });
      }
      if (issues.length === before) {
        // zod's output is a fresh object of ours: complete it in place rather than copy it.
        const v = e as ValidatedEvent;
        v.id = id;
        v.timestamp = stored!.iso;
        v.tsMs = tsMs;
        v.paramsJson = paramsJson;
        out.push(v);
      }
    }
    if (issues.length > before) bad++;
  }
  if (bad) {
    throw new ApiError("invalid_request", `${bad} of ${raw.length} event(s) are invalid; nothing was stored.`, { issues });
  }
  return out;
}
