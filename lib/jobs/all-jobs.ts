import type { JobDefinition } from "./define-job";
import { announceApprovalJob, approvalParamsRetentionJob, expireApprovalsJob, expiryNoticesJob } from "../approvals/jobs";
import { budgetThresholdAlertJob, expireReservationsJob } from "../budgets/jobs";
import { eventPartitionsJob } from "../ingest/jobs";
import { detectAnomaliesJob } from "../anomaly/jobs";
import { deliverNotificationJob } from "../alerts/jobs";
import { staleGatewaysJob } from "../gateways/jobs";
import { rescanToolVersionsJob } from "../inventory/jobs";

// Every job Warden runs. Each domain defines its jobs in lib/<domain>/jobs.ts and lists them here.
export const ALL_JOBS: JobDefinition<any>[] = [expireApprovalsJob, expiryNoticesJob, announceApprovalJob, approvalParamsRetentionJob, expireReservationsJob, budgetThresholdAlertJob, eventPartitionsJob, detectAnomaliesJob, deliverNotificationJob, staleGatewaysJob, rescanToolVersionsJob];
