import { withSession } from "@/lib/http/route";
import { FindApprovalsQuery } from "@/lib/approvals/schema";
import { findApprovals } from "@/lib/approvals/find-approvals";

// GET /api/approvals?view=queue|history&status&gatewayId&tool&userId&reviewer&from&to&limit
export const GET = withSession({ permission: "approvals:read" }, async ({ query }) => ({
  approvals: await findApprovals(FindApprovalsQuery.parse(Object.fromEntries(query))),
}));
