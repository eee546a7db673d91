import "server-only";
import { db } from "../db";

export const INGEST_REDACTION_SETTING_KEY = "ingest.redact_secrets";
const TTL_MS = 5_000;
let cached: { enabled: boolean; at: number } | null = null;

/**
 * Whether Warden redacts secrets in `params` and `resultSummary` of ingested events before storing them
 * (defence in depth behind the gateways' own redaction). On unless an admin turned it off; anything but
 * the value "off" means on (fail closed). Read at most every 5 s per process: ingest is the hot path, and a
 * change takes effect within seconds on every instance.
 */
export async function getIngestRedaction(opts: { fresh?: boolean } = {}): Promise<boolean> {
  const now = Date.now();
  if (!opts.fresh && cached && now - cached.at < TTL_MS) return cached.enabled;
  const row = await db().setting.findUnique({ where: { key: INGEST_REDACTION_SETTING_KEY } });
  const enabled = row?.value !== "off";
  cached = { enabled, at: now };
  return enabled;
}

/** Forget the cached value (after a change made by this process). */
export function forgetIngestRedaction(): void {
  cached = null;
}
