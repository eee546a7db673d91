import { withSession } from "@/lib/http/route";
import { CreateApprovalRuleBody } from "@/lib/approvals/schema";
import { createApprovalRule } from "@/lib/approvals/create-approval-rule";
import { findApprovalRules } from "@/lib/approvals/find-approval-rules";
import { publish } from "@/lib/realtime/publish";

// GET /api/approval-rules — every rule, in the order they are tried.
export const GET = withSession({ permission: "approvals:read" }, async () => ({ rules: await findApprovalRules() }));

// POST /api/approval-rules — returns the webhook secret once when a webhook URL was given.
export const POST = withSession({ permission: "approval_rules:write", body: CreateApprovalRuleBody }, async ({ body, actor }) => {
  const result = await createApprovalRule({ input: body, actor });
  publish("approvals", result.rule.id);
  return Response.json(result, { status: 201 });
});
