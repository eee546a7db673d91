import { withSession } from "@/lib/http/route";
import { ExtendApprovalBody } from "@/lib/approvals/schema";
import { extendApproval } from "@/lib/approvals/extend-approval";

// POST /api/approvals/{id}/extend — {"minutes": N}: moves a pending request's deadline later; 409 once decided or expired.
export const POST = withSession({ permission: "approvals:decide", body: ExtendApprovalBody }, async ({ params, user, actor, body }) =>
  extendApproval({ id: params.id, reviewer: user, input: body, actor }),
);
