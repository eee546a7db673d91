import "server-only";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import type { FindApprovalsQuery } from "./schema";

type Filters = Pick<FindApprovalsQuery, "gatewayId" | "tool" | "userId" | "from" | "to" | "reviewer">;

/**
 * The where clause of the approvals list's filters (gateway, tool, user, created from/to, reviewer by e-mail),
 * shared by the history page (findApprovals) and its CSV export, so the two always select the same rows.
 */
export async function buildApprovalFilters(q: Filters): Promise<Prisma.ApprovalWhereInput> {
  const where: Prisma.ApprovalWhereInput = {
    ...(q.gatewayId ? { gatewayId: q.gatewayId } : {}),
    ...(q.tool ? { tool: { contains: q.tool, mode: "insensitive" } } : {}),
    ...(q.userId ? { userId: { contains: q.userId, mode: "insensitive" } } : {}),
    ...(q.from || q.to ? { createdAt: { ...(q.from ? { gte: new Date(q.from) } : {}), ...(q.to ? { lt: new Date(q.to) } : {}) } } : {}),
  };
  if (q.reviewer) {
    const reviewers = await db().user.findMany({ where: { email: { contains: q.reviewer, mode: "insensitive" } }, select: { id: true } });
    where.votes = { some: { reviewerId: { in: reviewers.map((r) => r.id) } } };
  }
  return where;
}
