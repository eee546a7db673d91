import "server-only";
import { ApiError } from "../http/errors";
import { resolveWebhookTarget, WebhookRefusedError } from "../webhooks/send-webhook";

/** Refuses (400, on `url`) a channel URL that sendWebhook would refuse: told when saved, not when it fires. */
export async function checkChannelUrl(url: string | null | undefined): Promise<void> {
  if (!url) return;
  try {
    await resolveWebhookTarget(url);
  } catch (err) {
    if (err instanceof WebhookRefusedError) throw new ApiError("invalid_request", "The webhook URL is not allowed.", { issues: [{ path: "url", message: err.message }] });
    throw err;
  }
}
