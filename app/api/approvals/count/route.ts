import { withSession } from "@/lib/http/route";
import { countPendingApprovals } from "@/lib/approvals/count-pending-approvals";

// GET /api/approvals/count — pending requests (the navigation badge).
export const GET = withSession({ permission: "approvals:read" }, async () => ({ pending: await countPendingApprovals() }));
