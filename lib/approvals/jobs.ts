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
