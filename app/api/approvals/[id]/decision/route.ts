import { withSession } from "@/lib/http/route";
import { DecideApprovalBody } from "@/lib/approvals/schema";
import { decideApproval } from "@/lib/approvals/decide-approval";

// POST /api/approvals/{id}/decision — one reviewer's vote: {"decision":"approve"|"deny","comment"}; 409 once decided.
export const POST = withSession({ permission: "approvals:decide", body: DecideApprovalBody }, async ({ params, user, actor, body }) =>
  decideApproval({ id: params.id, reviewer: user, input: body, actor }),
);
