import "server-only";
import { db } from "../db";
import { hashLinkToken } from "./hash-link-token";

export type DecisionLinkState = "ready" | "used" | "expired" | "decided" | "not_yours" | "unknown";

export interface DecisionLinkView {
  state: DecisionLinkState;
  decision: "approve" | "deny" | null;
  approval: { id: string; server: string; tool: string; userId: string; status: string; expiresAt: string; requireComment: boolean; justification: string | null; userGoal: string | null } | null;
}

/**
 * What the confirmation page shows for a one-time link (GET: reads only, never decides or spends it): which
 * decision, on which request, and whether the signed-in reviewer can still confirm it. A link sent to
 * another reviewer shows nothing of the request.
 */
export async function getDecisionLink(opts: { token: string; userId: string }): Promise<DecisionLinkView> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(opts.token)) return { state: "unknown", decision: null, approval: null };
  const link = await db().approvalLink.findUnique({ where: { tokenHash: hashLinkToken(opts.token) } });
  if (!link) return { state: "unknown", decision: null, approval: null };
  if (link.userId !== opts.userId) return { state: "not_yours", decision: null, approval: null };
  const a = await db().approval.findUnique({
    where: { id: link.approvalId },
    select: { id: true, server: true, tool: true, userId: true, status: true, expiresAt: true, requireComment: true, justification: true, userGoal: true },
  });
  const decision = link.decision === "deny" ? "deny" : "approve";
  const approval = a && { ...a, status: a.status as string, expiresAt: a.expiresAt.toISOString() };
  const state: DecisionLinkState = link.usedAt ? "used" : !a || a.status !== "pending" ? "decided" : link.expiresAt.getTime() <= Date.now() || a.expiresAt.getTime() <= Date.now() ? "expired" : "ready";
  return { state, decision, approval };
}
