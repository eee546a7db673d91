import { z } from "zod";
import { defineJob } from "../jobs/define-job";

// The budgets domain's jobs (listed in lib/jobs/all-jobs.ts). Handlers import lazily: the job runner
// starts in server.ts, outside Next's bundles.

/** Releases reservations whose time ran out (the gateway neither settled nor released them). */
export const expireReservationsJob = defineJob({
  id: "budgets.expire-reservations",
  payload: z.object({}).passthrough(),
  schedule: "* * * * *",
  handler: async () => {
    const { expireReservations } = await import("./expire-reservations");
    const { publish } = await import("../realtime/publish");
    let total = 0;
    for (;;) {
      const { expired } = await expireReservations({ limit: 5000 });
      total += expired;
      if (expired < 5000) break;
    }
    if (total > 0) publish("budgets");
  },
});

/**
 * Raises the alerts of a threshold crossing and notifies the budget's webhook. Enqueued inside the
 * transaction that claimed the crossing (settlement), so it runs once that transaction has committed.
 */
export const budgetThresholdAlertJob = defineJob({
  id: "budgets.threshold-alert",
  payload: z.object({ periodId: z.uuid(), percents: z.array(z.number().int().min(1).max(1000)).min(1) }),
  pollingIntervalSeconds: 1,
  handler: async (crossing) => {
    const { db } = await import("../db");
    const { raiseBudgetAlerts, sendBudgetWebhooks } = await import("./raise-budget-alerts");
    const { publish } = await import("../realtime/publish");
    const notices = await db().$transaction((tx) => raiseBudgetAlerts(tx, crossing));
    publish("alerts");
    publish("budgets");
    await sendBudgetWebhooks(notices);
  },
});
