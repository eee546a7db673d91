import "server-only";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { ApiError, type ErrorIssue } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { publish } from "../realtime/publish";
import type { Reviewer } from "./decide-approval";
import { checkStandingRuleEligibility } from "./check-standing-rule-eligibility";
import { CreateStandingRuleBody } from "./standing-rule-schema";
import { standingRuleView, type StandingRuleView } from "./standing-rule-view";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * POST /api/standing-rules: "always allow this tool for this user (or team) with params like these, for N
 * days", from one request. The constraints name each top-level param of that request (exact value, glob or
 * any): nothing is allowed implicitly. Audited as standing_rule.create with the rule as saved.
 */
export async function createStandingRule(opts: {
  input: CreateStandingRuleBody;
  reviewer: Reviewer & { permissions: readonly string[] };
  actor: AuditActor;
}): Promise<StandingRuleView> {
  const input = CreateStandingRuleBody.parse(opts.input);
  const e = await checkStandingRuleEligibility({ approvalId: input.approvalId, viewer: opts.reviewer });
  if (!e.allowed) throw new ApiError("forbidden", e.reason ?? "Not allowed.");
  if (input.scope === "team" && !e.team) {
    throw new ApiError("invalid_request", "This request names no team.", { issues: [{ path: "scope", message: "the request has no team; use user" }] });
  }
  const issues: ErrorIssue[] = [];
  for (const key of Object.keys(e.prefill)) {
    if (!Object.hasOwn(input.constraints, key)) issues.push({ path: `constraints.${key}`, message: "every param of the request needs a constraint (exact, glob or any)" });
  }
  for (const key of Object.keys(input.constraints)) {
    if (!Object.hasOwn(e.prefill, key)) issues.push({ path: `constraints.${key}`, message: "the request has no such param" });
  }
  if (issues.length) throw new ApiError("invalid_request", "The constraints must name exactly the request's params.", { issues });

  const rule = await db().$transaction(async (tx) => {
    const r = await tx.standingRule.create({
      data: {
        scope: input.scope,
        subject: input.scope === "team" ? e.team! : e.userId,
        server: e.server,
        tool: e.tool,
        constraints: input.constraints as Prisma.InputJsonValue,
        ruleId: e.ruleId,
        sourceApprovalId: e.approvalId,
        createdById: opts.reviewer.id,
        createdByEmail: opts.reviewer.email,
        expiresAt: new Date(Date.now() + input.days * DAY_MS),
      },
    });
    await recordAudit(tx, { actor: opts.actor, action: "standing_rule.create", targetType: "standing_rule", targetId: r.id, after: standingRuleView(r) });
    return r;
  });
  publish("approvals", rule.id);
  return standingRuleView(rule);
}
