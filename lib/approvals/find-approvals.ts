import "server-only";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { buildApprovalFilters } from "./build-approval-filters";
import { dashboardApprovalViews, type DashboardApproval } from "./dashboard-approval-view";
import { expireApprovals } from "./expire-approvals";
import { FindApprovalsQuery } from "./schema";

/**
 * GET /api/approvals: the reviewer queue (pending, oldest first) or the history (decided, newest decision
 * first) with filters. Overdue requests are expired first, so the queue never shows one past its deadline.
 */
export async function findApprovals(query: FindApprovalsQuery): Promise<DashboardApproval[]> {
  const q = FindApprovalsQuery.parse(query);
  await expireApprovals();
  const where: Prisma.ApprovalWhereInput = {
    ...(q.view === "queue" ? { status: "pending" } : { status: q.status ?? { not: "pending" } }),
    ...(await buildApprovalFilters(q)),
  };
  const rows = await db().approval.findMany({
    where,
    include: { votes: true, rule: { select: { name: true } } },
    orderBy: q.view === "queue" ? [{ createdAt: "asc" }, { id: "asc" }] : [{ decidedAt: "desc" }, { id: "desc" }],
    take: q.limit,
  });
  return dashboardApprovalViews(rows);
}
