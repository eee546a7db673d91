import { withSession } from "@/lib/http/route";
import { claimApproval } from "@/lib/approvals/claim-approval";
import { unclaimApproval } from "@/lib/approvals/unclaim-approval";

// POST /api/approvals/{id}/claim — "I am on it" (advisory; the quorum is unchanged). 409 if another reviewer claimed it or it is decided.
export const POST = withSession({ permission: "approvals:decide" }, async ({ params, user, actor }) => claimApproval({ id: params.id, reviewer: user, actor }));

// DELETE /api/approvals/{id}/claim — let go of one's own claim.
export const DELETE = withSession({ permission: "approvals:decide" }, async ({ params, user, actor }) => unclaimApproval({ id: params.id, reviewer: user, actor }));
