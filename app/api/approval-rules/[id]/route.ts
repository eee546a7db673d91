import { withSession } from "@/lib/http/route";
import { UpdateApprovalRuleBody } from "@/lib/approvals/schema";
import { updateApprovalRule } from "@/lib/approvals/update-approval-rule";
import { deleteApprovalRule } from "@/lib/approvals/delete-approval-rule";
import { publish } from "@/lib/realtime/publish";

// PATCH /api/approval-rules/{id}
export const PATCH = withSession({ permission: "approval_rules:write", body: UpdateApprovalRuleBody }, async ({ body, actor, params }) => {
  const result = await updateApprovalRule({ id: params.id, input: body, actor });
  publish("approvals", params.id);
  return result;
});

// DELETE /api/approval-rules/{id}
export const DELETE = withSession({ permission: "approval_rules:write" }, async ({ actor, params }) => {
  await deleteApprovalRule({ id: params.id, actor });
  publish("approvals", params.id);
  return { ok: true };
});
