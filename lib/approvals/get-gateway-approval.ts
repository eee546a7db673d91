import "server-only";
import { z } from "zod";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { expireApprovals } from "./expire-approvals";
import type { ApprovalWithVotes } from "./gateway-approval-view";

/**
 * One approval of this gateway (another gateway's approval is "not found", scoped in the query), with a
 * pending approval past its deadline expired first.
 */
export async function getGatewayApproval(opts: { id: string; gatewayId: string }): Promise<ApprovalWithVotes> {
  if (!z.uuid().safeParse(opts.id).success) throw new ApiError("not_found", `No approval ${opts.id}.`);
  const find = () => db().approval.findFirst({ where: { id: opts.id, gatewayId: opts.gatewayId }, include: { votes: true } });
  const a = await find();
  if (!a) throw new ApiError("not_found", `No approval ${opts.id}.`);
  if (a.status === "pending" && a.expiresAt.getTime() <= Date.now()) {
    await expireApprovals({ ids: [a.id] });
    return (await find()) ?? a;
  }
  return a;
}
