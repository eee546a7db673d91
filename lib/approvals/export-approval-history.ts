import "server-only";
import { z } from "zod";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { streamCsv } from "../events/csv-stream";
import { buildApprovalFilters } from "./build-approval-filters";
import { dashboardApprovalViews } from "./dashboard-approval-view";
import { FindApprovalsQuery } from "./schema";

// GET /api/approvals/export?status&gatewayId&tool&userId&reviewer&from&to — the history's filters, as CSV.
export const ExportApprovalHistoryQuery = FindApprovalsQuery.omit({ view: true, limit: true }).strict();
export type ExportApprovalHistoryQuery = z.infer<typeof ExportApprovalHistoryQuery>;

const BATCH = 500;

export const APPROVAL_CSV_COLUMNS = [
  "id", "createdAt", "decidedAt", "status", "gatewayName", "server", "tool", "userId", "team", "agent", "identitySource", "reason",
  "riskScore", "riskFlags", "estimatedCostUsd", "ruleName", "requiredApprovals", "votes", "expiresAt",
] as const;

/** Decided approvals as CSV, newest decision first (keyset on decidedAt, id), streamed in batches of BATCH. */
export async function exportApprovalHistory(q: ExportApprovalHistoryQuery): Promise<ReadableStream<Uint8Array>> {
  const where: Prisma.ApprovalWhereInput = {
    status: q.status ?? { not: "pending" },
    decidedAt: { not: null },
    ...(await buildApprovalFilters(q)),
  };
  return streamCsv<{ at: Date; id: string }>({
    header: APPROVAL_CSV_COLUMNS,
    readBatch: async (after) => {
      const rows = await db().approval.findMany({
        where: after ? { AND: [where, { OR: [{ decidedAt: { lt: after.at } }, { decidedAt: after.at, id: { lt: after.id } }] }] } : where,
        include: { votes: true, rule: { select: { name: true } } },
        orderBy: [{ decidedAt: "desc" }, { id: "desc" }],
        take: BATCH,
      });
      const views = await dashboardApprovalViews(rows);
      const last = rows[rows.length - 1];
      return {
        rows: views.map((v) => [
          v.id, v.createdAt, v.decidedAt, v.status, v.gatewayName, v.server, v.tool, v.userId, v.team, v.agent, v.identitySource, v.reason,
          v.risk.score, v.riskFlags.join(";"), v.estimatedCostUsd, v.ruleName, v.requiredApprovals,
          v.votes.map((x) => `${x.reviewerEmail}: ${x.decision}${x.comment ? ` (${x.comment})` : ""}`).join("; "), v.expiresAt,
        ]),
        next: rows.length === BATCH && last?.decidedAt ? { at: last.decidedAt, id: last.id } : null,
      };
    },
  });
}
