import type { PrecedentMatch } from "./precedent-schema";

interface Side {
  server: string;
  tool: string;
  userId: string;
  ruleId: string | null;
}

/**
 * What a past request shares with the one under review: the same tool (on the same server), the same user
 * (the gateway's userId, exactly: what an index can find), the same approval rule. [] when nothing: then it
 * is no precedent. The database query (find-precedents.ts) selects by the same three tests.
 */
export function matchPrecedent({ request, past }: { request: Side; past: Side }): PrecedentMatch[] {
  const out: PrecedentMatch[] = [];
  if (past.server === request.server && past.tool === request.tool) out.push("tool");
  if (past.userId === request.userId) out.push("user");
  if (request.ruleId !== null && past.ruleId === request.ruleId) out.push("rule");
  return out;
}
