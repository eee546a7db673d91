import { z } from "zod";
import { defineJob } from "../jobs/define-job";
import { env } from "../env";
import { log } from "../log";

// The approvals domain's jobs (listed in lib/jobs/all-jobs.ts). Handlers import lazily: the job runner
// starts in server.ts, outside Next's bundles.

export const expireApprovalsJob = defineJob({
  id: "approvals.expire",
  payload: z.object({}).passthrough(),
  schedule: "* * * * *",
  handler: async () => {
    const { expireApprovals } = await import("./expire-approvals");
    // Drain in batches: a backlog (e.g. after downtime) is cleared in one run.
    while ((await expireApprovals()).length > 0);
  },
});

/**
 * Expiry handling (lib/approvals/send-expiry-notices.ts): scheduled every minute and run at start; within
 * the minute it runs every WARDEN_APPROVAL_NOTICE_INTERVAL_SECONDS (tests and demos use 1).
 */
export const expiryNoticesJob = defineJob({
  id: "approvals.expiry-notices",
  payload: z.object({}).passthrough(),
  schedule: "* * * * *",
  runAtStart: true,
  pollingIntervalSeconds: 1,
  handler: async () => {
    const { sendExpiryNotices } = await import("./send-expiry-notices");
    const interval = env().WARDEN_APPROVAL_NOTICE_INTERVAL_SECONDS * 1000;
    const started = Date.now();
    for (;;) {
      const tick = Date.now();
      try {
        await sendExpiryNotices();
      } catch (err) {
        log.error({ err: String(err) }, "approval expiry notices failed");
        if (interval >= 60_000) throw err;
      }
      const next = tick + interval;
      if (next - started > 60_000 - interval / 2) break;
      await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
    }
  },
});

export const announceApprovalJob = defineJob({
  id: "approvals.announce",
  payload: z.object({ approvalId: z.uuid() }),
  handler: async ({ approvalId }) => {
    const { deliverApprovalAnnouncement } = await import("./announce-approval");
    await deliverApprovalAnnouncement(approvalId);
  },
});

/** Hourly: decided approvals past WARDEN_RETENTION_DAYS keep their decision record and drop their params. */
export const approvalParamsRetentionJob = defineJob({
  id: "approvals.params-retention",
  payload: z.object({}).passthrough(),
  schedule: "17 * * * *",
  pollingIntervalSeconds: 30,
  handler: async () => {
    const { dropExpiredApprovalParams } = await import("./drop-expired-approval-params");
    const dropped = await dropExpiredApprovalParams({ retentionDays: env().WARDEN_RETENTION_DAYS });
    if (dropped) log.info({ dropped }, "retention: dropped the params of old decided approvals (decisions kept)");
  },
});
