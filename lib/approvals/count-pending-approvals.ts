import "server-only";
import { db } from "../db";

/** GET /api/approvals/count: pending requests still within their deadline (the navigation badge). */
export async function countPendingApprovals(): Promise<number> {
  return db().approval.count({ where: { status: "pending", expiresAt: { gt: new Date() } } });
}
