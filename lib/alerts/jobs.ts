import { z } from "zod";
import { defineJob } from "../jobs/define-job";

// The alerting domain's jobs (listed in lib/jobs/all-jobs.ts). Handlers import lazily.

/** Attempts per delivery (the first plus retries with exponential backoff). */
export const DELIVERY_ATTEMPTS = 5;

export const deliverNotificationJob = defineJob({
  id: "alerts.deliver",
  payload: z.object({ deliveryId: z.uuid(), event: z.enum(["alert.opened", "alert.escalated", "alert.test"]) }),
  pollingIntervalSeconds: 1,
  handler: async ({ deliveryId, event }) => {
    const { deliverNotification } = await import("./deliver-notification");
    await deliverNotification({ deliveryId, event });
  },
});
