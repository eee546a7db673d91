import { withSession } from "@/lib/http/route";
import { revokeStandingRule } from "@/lib/approvals/revoke-standing-rule";

// POST /api/standing-rules/{id}/revoke — its author (a reviewer) or an approval-rules editor (security, admin).
export const POST = withSession({ permission: "approvals:read" }, async ({ params, user, actor }) => ({
  standingRule: await revokeStandingRule({ id: params.id, user, actor }),
}));
