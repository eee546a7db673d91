import "server-only";
import { ApiError } from "../http/errors";
import { resolveWebhookTarget, WebhookRefusedError } from "../webhooks/send-webhook";

/** Refuses (400, on `webhookUrl`) a budget webhook that sendWebhook would refuse: checked when saved, not only when it fires. */
export async function checkWebhookUrl(url: string | null | undefined): Promise<void> {
  if (!url) return;
  try {
    await resolveWebhookTarget(url);
  } catch (err) {
    if (err instanceof WebhookRefusedError) {
      throw new ApiError("invalid_request", "The webhook URL is not allowed.", { issues: [{ path: "webhookUrl", message: err.message }] });
    }
    throw err;
  }
}
