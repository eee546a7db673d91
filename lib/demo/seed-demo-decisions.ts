import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import type { AuditActor } from "../audit/record-audit";
import { createUser } from "../auth/create-user";
import { approvalTerms, matchApprovalRule } from "../approvals/match-approval-rule";
import { maskSecrets } from "../guards/mask-secrets";
import { COMPANY_DOMAINS_SETTING_KEY } from "../settings/get-company-domains";
import { DEMO_LIVE_GATEWAY } from "./demo-catalog";
import { DEMO_REVIEWERS, planDemoDecisions } from "./plan-demo-decisions";

/**
 * Writes the demo's decided approval history (planDemoDecisions) for the live demo gateway, after the
 * approval rules exist: each request under the rule that would have held it, decided by the demo reviewers
 * (created here with the reviewer role and a generated password nobody is shown: colleagues, not logins),
 * or expired. Also sets the company domains to the demo company's (acme.example) unless an admin set some,
 * so external addresses in requests are marked. Returns how many requests it wrote.
 */
export async function seedDemoDecisions(opts: { now: number; gatewayId: string; actor: AuditActor }): Promise<number> {
  const reviewerIds: string[] = [];
  for (const r of DEMO_REVIEWERS) {
    const found = await db().user.findUnique({ where: { email: r.email }, select: { id: true } });
    reviewerIds.push(found?.id ?? (await createUser({ input: { email: r.email, name: r.name, team: r.team, roles: ["reviewer"] }, actor: opts.actor })).user.id);
  }
  const rules = await db().approvalRule.findMany({ where: { enabled: true } });
  const plan = planDemoDecisions({
    now: opts.now,
    termsOf: (c) =>
      approvalTerms(
        matchApprovalRule(rules.map((r) => ({ ...r, minCostUsd: r.minCostUsd?.toString() ?? null })), {
          gatewayId: opts.gatewayId,
          gatewayName: DEMO_LIVE_GATEWAY,
          server: c.request.server,
          tool: c.request.tool,
          estimatedCostUsd: c.request.estimatedCostUsd ?? null,
          riskFlags: c.request.riskFlags,
        }),
      ),
  });
  const approvals: Prisma.ApprovalCreateManyInput[] = [];
  const votes: Prisma.ApprovalVoteCreateManyInput[] = [];
  for (const d of plan) {
    const id = randomUUID();
    const r = d.call.request;
    const masked = maskSecrets(r.params) as Prisma.InputJsonValue;
    approvals.push({
      id,
      gatewayId: opts.gatewayId,
      requestId: r.requestId,
      status: d.outcome,
      server: r.server,
      tool: r.tool,
      params: masked,
      paramsMasked: masked,
      paramsRedactedAt: new Date(d.decidedAt),
      paramsHash: r.paramsHash,
      userId: r.userId,
      team: r.team,
      sessionId: r.sessionId,
      agent: r.agent,
      identitySource: "static-token",
      reason: r.reason,
      justification: r.justification,
      userGoal: r.userGoal,
      riskScore: r.riskScore,
      riskFlags: r.riskFlags ?? [],
      estimatedCostUsd: r.estimatedCostUsd,
      ruleId: d.terms.ruleId,
      requiredApprovals: d.terms.requiredApprovals,
      requireComment: d.terms.requireComment,
      reviewerTeam: d.terms.reviewerTeam,
      expiresAt: new Date(d.createdAt + d.terms.timeoutSeconds * 1000),
      decidedAt: new Date(d.decidedAt),
      createdAt: new Date(d.createdAt),
    });
    for (const v of d.votes) votes.push({ approvalId: id, reviewerId: reviewerIds[v.reviewer], decision: v.decision, comment: v.comment, createdAt: new Date(v.at) });
  }
  await db().$transaction([
    db().approval.createMany({ data: approvals }),
    db().approvalVote.createMany({ data: votes }),
    db().setting.createMany({ data: [{ key: COMPANY_DOMAINS_SETTING_KEY, value: JSON.stringify(["acme.example"]) }], skipDuplicates: true }),
  ]);
  return approvals.length;
}
