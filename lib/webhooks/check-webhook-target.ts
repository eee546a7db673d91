import "server-only";
import { ApiError } from "../http/errors";
import { resolveWebhookTarget, WebhookRefusedError } from "./send-webhook";

/**
 * The webhook address policy at save time, for every place that stores a webhook URL (alert channels,
 * budgets, approval rules): a URL that sendWebhook would refuse (not http(s), credentials, a loopback,
 * private, link-local or metadata address, unless an admin allowlisted the host) is a 400 on `field`, told
 * when it is saved rather than when it fires.
 */
export async function checkWebhookTarget(opts: { url: string | null | undefined; field: string }): Promise<void> {
  if (!opts.url) return;
  try {
    await resolveWebhookTarget(opts.url);
  } catch (err) {
    if (err instanceof WebhookRefusedError) throw new ApiError("invalid_request", "The webhook URL is not allowed.", { issues: [{ path: opts.field, message: err.message }] });
    throw err;
  }
}
