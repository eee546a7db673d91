import "server-only";
import { db } from "../db";
import { mayRevokeStandingRule } from "./revoke-standing-rule";
import { standingRuleView, type StandingRuleView } from "./standing-rule-view";

/** GET /api/standing-rules: newest first (active ones only with status=active), each with whether the viewer may revoke it. */
export async function findStandingRules(opts: {
  status: "active" | "all";
  viewer: { id: string; permissions: readonly string[] };
}): Promise<(StandingRuleView & { canRevoke: boolean })[]> {
  const now = new Date();
  const rows = await db().standingRule.findMany({
    where: opts.status === "active" ? { revokedAt: null, expiresAt: { gt: now } } : {},
    orderBy: { number: "desc" },
    take: 500,
  });
  return rows.map((r) => ({ ...standingRuleView(r, now), canRevoke: !r.revokedAt && mayRevokeStandingRule(r, opts.viewer) }));
}
