import { withSession } from "@/lib/http/route";
import { getApprovalDetail } from "@/lib/approvals/get-approval-detail";

// GET /api/approvals/{id} — one request with its params, votes, rule and the user's recent calls.
export const GET = withSession({ permission: "approvals:read" }, async ({ params, user }) => ({
  approval: await getApprovalDetail({ id: params.id, viewer: user }),
}));
