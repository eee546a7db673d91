import "server-only";
import { db } from "../db";
import { maskSecrets } from "../guards/mask-secrets";
import { Prisma } from "../generated/prisma/client";
import { ApiError } from "../http/errors";
import { publish } from "../realtime/publish";
import { announceApproval } from "./announce-approval";
import { notifyReviewersLater } from "../notifications/notify-reviewers";
import { expireApprovals } from "./expire-approvals";
import { hashParams, PARAMS_HASH_FORM } from "./hash-params";
import { approvalTerms, matchApprovalRule } from "./match-approval-rule";
import { approveByStandingRule } from "./approve-by-standing-rule";
import { CreateApprovalBody, type CreateApprovalResponse } from "./schema";

export interface CreatedApproval {
  created: boolean;
  approval: CreateApprovalResponse;
}

function reply(a: { id: string; status: CreateApprovalResponse["status"]; expiresAt: Date }): CreateApprovalResponse {
  return { id: a.id, status: a.status, expiresAt: a.expiresAt.toISOString() };
}

/**
 * POST /api/v1/approvals: holds a call for a person. Idempotent per gateway on `requestId`: the same
 * request again returns the same approval (created=false); the same `requestId` with other params is a
 * conflict. The first matching rule (lib/approvals/match-approval-rule.ts) sets the terms; without one the
 * defaults apply (one approval, 5 minutes). The full params are stored with their masked copy (what reviewers
 * see); they are replaced by it when the request is decided (docs/approvals.md). After commit: reviewers are
 * told live, and the rule's webhook.
 */
export async function createApproval(opts: { gatewayId: string; gatewayName: string; input: CreateApprovalBody }): Promise<CreatedApproval> {
  const input = CreateApprovalBody.parse(opts.input);
  checkParamsHash(input);
  const rules = await db().approvalRule.findMany({ where: { enabled: true } });
  const rule = matchApprovalRule(
    rules.map((r) => ({ ...r, minCostUsd: r.minCostUsd?.toString() ?? null })),
    { gatewayId: opts.gatewayId, gatewayName: opts.gatewayName, server: input.server, tool: input.tool, estimatedCostUsd: input.estimatedCostUsd, riskFlags: input.riskFlags },
  );
  const terms = approvalTerms(rule, input.timeoutSeconds);
  try {
    const created = await db().approval.create({
      data: {
        gatewayId: opts.gatewayId,
        requestId: input.requestId,
        server: input.server,
        tool: input.tool,
        params: input.params as Prisma.InputJsonValue,
        paramsMasked: maskSecrets(input.params) as Prisma.InputJsonValue,
        paramsHash: input.paramsHash,
        userId: input.userId,
        team: input.team,
        sessionId: input.sessionId,
        agent: input.agent,
        identitySource: input.identitySource,
        reason: input.reason,
        justification: input.justification,
        userGoal: input.userGoal,
        riskScore: input.riskScore,
        riskFlags: input.riskFlags ?? [],
        estimatedCostUsd: input.estimatedCostUsd,
        ruleId: terms.ruleId,
        requiredApprovals: terms.requiredApprovals,
        requireComment: terms.requireComment,
        reviewerTeam: terms.reviewerTeam,
        expiresAt: new Date(Date.now() + terms.timeoutSeconds * 1000),
      },
    });
    const full = rules.find((r) => r.id === terms.ruleId);
    // A standing rule may approve it at once, as a signed decision whose reviewer is "standing rule N".
    const a = await approveByStandingRule({ approval: created, rule: full ?? null });
    publish("approvals", a.id);
    if (full?.webhookUrl && a.status === "pending") announceApproval({ approval: a, rule: full, gatewayName: opts.gatewayName });
    // Its reviewers hear of it by the channels each chose (lib/notifications), in the background.
    if (a.status === "pending") void notifyReviewersLater({ approvalId: a.id, kind: "requested" });
    return { created: true, approval: reply(a) };
  } catch (err) {
    // A retry of a known request (or two copies racing): the unique (gateway, requestId) answers with the
    // approval that exists (insert first, look up on conflict: one statement on the common path).
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") return { created: false, approval: await existingApproval(opts.gatewayId, input) };
    throw err;
  }
}

async function existingApproval(gatewayId: string, input: CreateApprovalBody): Promise<CreateApprovalResponse> {
  const existing = await db().approval.findUniqueOrThrow({ where: { gatewayId_requestId: { gatewayId, requestId: input.requestId } } });
  sameRequest(existing, input);
  if (existing.status === "pending" && existing.expiresAt.getTime() <= Date.now()) {
    await expireApprovals({ ids: [existing.id] });
    return reply({ ...existing, status: "expired" });
  }
  return reply(existing);
}

function sameRequest<T extends { paramsHash: string; server: string; tool: string }>(a: T, input: CreateApprovalBody): T {
  if (a.paramsHash !== input.paramsHash || a.server !== input.server || a.tool !== input.tool) {
    throw new ApiError("conflict", `requestId ${input.requestId} was already used for another call (server, tool or paramsHash differ).`);
  }
  return a;
}

/**
 * Warden computes the params hash itself (lib/approvals/hash-params.ts) over the full params it received and
 * refuses a request whose `paramsHash` differs: the token's hash is then the hash of what reviewers saw.
 */
function checkParamsHash(input: CreateApprovalBody): void {
  let expected: string;
  try {
    expected = hashParams(input.params);
  } catch (err) {
    throw new ApiError("invalid_request", "params cannot be hashed as JSON.", { issues: [{ path: "params", message: err instanceof Error ? err.message : String(err) }] });
  }
  if (expected !== input.paramsHash) {
    throw new ApiError("invalid_request", `paramsHash does not match params: it must be the ${PARAMS_HASH_FORM}.`, {
      issues: [{ path: "paramsHash", message: `expected ${expected}, the ${PARAMS_HASH_FORM}, got ${input.paramsHash}` }],
    });
  }
}
