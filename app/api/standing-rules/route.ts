import { withSession } from "@/lib/http/route";
import { checkStandingRuleEligibility } from "@/lib/approvals/check-standing-rule-eligibility";
import { createStandingRule } from "@/lib/approvals/create-standing-rule";
import { findStandingRules } from "@/lib/approvals/find-standing-rules";
import { CreateStandingRuleBody, FindStandingRulesQuery } from "@/lib/approvals/standing-rule-schema";

// GET /api/standing-rules?status=active|all — the list, each with whether the viewer may revoke it.
// GET /api/standing-rules?approvalId=… — whether the viewer may add one from that request, and the prefill.
export const GET = withSession({ permission: "approvals:read" }, async ({ query, user }) => {
  const q = FindStandingRulesQuery.parse(Object.fromEntries(query));
  if (q.approvalId) return { eligibility: await checkStandingRuleEligibility({ approvalId: q.approvalId, viewer: user }) };
  return { standingRules: await findStandingRules({ status: q.status, viewer: user }) };
});

// POST /api/standing-rules — "always allow" from a request: {approvalId, scope, days, constraints}.
export const POST = withSession({ permission: "approvals:decide", body: CreateStandingRuleBody }, async ({ body, user, actor }) =>
  Response.json({ standingRule: await createStandingRule({ input: body, reviewer: user, actor }) }, { status: 201 }),
);
