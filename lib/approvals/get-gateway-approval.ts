import "server-only";
import { z } from "zod";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { expireApprovals } from "./expire-approvals";
import type { ApprovalStatusName } from "./schema";

/** What the gateway API reads of an approval: its state and the vote trail (reviewers by email). */
export interface GatewayApproval {
  id: string;
  gatewayId: string;
  requestId: string;
  status: ApprovalStatusName;
  paramsHash: string;
  requiredApprovals: number;
  expiresAt: Date;
  decidedAt: Date | null;
  votes: { reviewer: string; decision: string; comment: string | null; at: string }[];
}

interface Row {
  id: string;
  gateway_id: string;
  request_id: string;
  status: ApprovalStatusName;
  params_hash: string;
  required_approvals: number;
  expires_at: Date;
  decided_at: Date | null;
  votes: GatewayApproval["votes"];
}

// One round trip: this is what every long-poll runs when it wakes.
async function readApproval(id: string, gatewayId: string): Promise<GatewayApproval | null> {
  const rows = await db().$queryRaw<Row[]>`
    SELECT a.id, a.gateway_id, a.request_id, a.status::text AS status, a.params_hash, a.required_approvals, a.expires_at, a.decided_at,
      COALESCE((
        SELECT json_agg(json_build_object('reviewer', COALESCE(u.email, 'standing rule ' || s.number, v.reviewer_id::text), 'decision', v.decision, 'comment', v.comment, 'at', v.created_at) ORDER BY v.created_at)
        FROM approval_votes v LEFT JOIN users u ON u.id = v.reviewer_id LEFT JOIN standing_rules s ON s.id = v.standing_rule_id
        WHERE v.approval_id = a.id), '[]'::json) AS votes
    FROM approvals a
    WHERE a.id = ${id}::uuid AND a.gateway_id = ${gatewayId}::uuid`;
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    gatewayId: r.gateway_id,
    requestId: r.request_id,
    status: r.status,
    paramsHash: r.params_hash,
    requiredApprovals: r.required_approvals,
    expiresAt: r.expires_at,
    decidedAt: r.decided_at,
    votes: r.votes.map((v) => ({ ...v, at: new Date(v.at).toISOString() })),
  };
}

/**
 * One approval of this gateway (another gateway's approval is "not found", scoped in the query), with a
 * pending approval past its deadline expired first.
 */
export async function getGatewayApproval(opts: { id: string; gatewayId: string }): Promise<GatewayApproval> {
  if (!z.uuid().safeParse(opts.id).success) throw new ApiError("not_found", `No approval ${opts.id}.`);
  const a = await readApproval(opts.id, opts.gatewayId);
  if (!a) throw new ApiError("not_found", `No approval ${opts.id}.`);
  if (a.status === "pending" && a.expiresAt.getTime() <= Date.now()) {
    await expireApprovals({ ids: [a.id] });
    return (await readApproval(opts.id, opts.gatewayId)) ?? a;
  }
  return a;
}
