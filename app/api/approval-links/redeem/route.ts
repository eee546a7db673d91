import { withSession } from "@/lib/http/route";
import { redeemDecisionLink } from "@/lib/notifications/redeem-decision-link";
import { RedeemDecisionLinkBody } from "@/lib/notifications/schema";

// POST /api/approval-links/redeem — {"token","comment"}: the confirmation page's vote; each link works once.
export const POST = withSession({ permission: "approvals:decide", body: RedeemDecisionLinkBody }, async ({ user, body, actor }) =>
  redeemDecisionLink({ input: body, reviewer: user, actor }),
);
