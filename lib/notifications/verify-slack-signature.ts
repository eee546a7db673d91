import { createHmac, timingSafeEqual } from "node:crypto";

/** Slack's replay window: a request whose timestamp is further than this from now is refused. */
export const SLACK_MAX_SKEW_SECONDS = 5 * 60;

/** `v0=<hex HMAC-SHA256 of "v0:${timestamp}:${rawBody}">`, Slack's request signature (signing secret). */
export function slackSignature(secret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${rawBody}`).digest("hex")}`;
}

/**
 * Checks a Slack request (https://api.slack.com/authentication/verifying-requests-from-slack): the
 * X-Slack-Request-Timestamp within 5 minutes of now (a replayed request is refused), and
 * X-Slack-Signature equal, in constant time, to the HMAC of the raw body. Returns why not, or null.
 */
export function verifySlackSignature(opts: { secret: string; timestamp: string | null; signature: string | null; rawBody: string; nowSeconds?: number }): string | null {
  if (!opts.timestamp || !/^\d{1,12}$/.test(opts.timestamp)) return "missing or malformed X-Slack-Request-Timestamp";
  const now = opts.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(opts.timestamp)) > SLACK_MAX_SKEW_SECONDS) return "X-Slack-Request-Timestamp is too old (replayed?)";
  if (!opts.signature || !/^v0=[0-9a-f]{64}$/.test(opts.signature)) return "missing or malformed X-Slack-Signature";
  const expected = Buffer.from(slackSignature(opts.secret, opts.timestamp, opts.rawBody));
  const got = Buffer.from(opts.signature);
  return expected.length === got.length && timingSafeEqual(expected, got) ? null : "X-Slack-Signature does not match";
}
