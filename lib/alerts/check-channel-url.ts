import "server-only";
import { checkWebhookTarget } from "../webhooks/check-webhook-target";

/** Refuses (400, on `url`) a channel URL that sendWebhook would refuse: told when saved, not when it fires. */
export async function checkChannelUrl(url: string | null | undefined): Promise<void> {
  await checkWebhookTarget({ url, field: "url" });
}
