import "server-only";
import { checkWebhookTarget } from "../webhooks/check-webhook-target";

/** Refuses (400, on `webhookUrl`) a budget webhook that sendWebhook would refuse: checked when saved, not only when it fires. */
export async function checkWebhookUrl(url: string | null | undefined): Promise<void> {
  await checkWebhookTarget({ url, field: "webhookUrl" });
}
