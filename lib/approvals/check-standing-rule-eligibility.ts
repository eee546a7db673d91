import "server-only";
import { z } from "zod";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { isOwnRequest, type Reviewer } from "./decide-approval";
import { prefillConstraints, standingRuleBlocker } from "./match-standing-rule";
import type { StandingRuleConstraints, StandingRuleScope } from "./standing-rule-schema";

export interface StandingRuleEligibility {
  /** Whether this viewer may add a standing rule from this request; `reason` says why not. */
  allowed: boolean;
  reason: string | null;
  approvalId: string;
  server: string;
  tool: string;
  userId: string;
  team: string | null;
  ruleId: string | null;
  scopes: StandingRuleScope[];
  /** Every top-level param of the request (as reviewers see it), its exact value. */
  prefill: StandingRuleConstraints;
}

/**
 * Who may say "always allow" from a request (docs/approvals.md): a reviewer who may decide it — the
 * approvals:decide permission, of its reviewer team if it has one, not its requester — and only for a pending
 * or approved request that a standing rule could ever approve (not under a human-every-time rule, a verified
 * identity, a single approval, params that are a JSON object).
 */
export async function checkStandingRuleEligibility(opts: { approvalId: string; viewer: Reviewer & { permissions: readonly string[] } }): Promise<StandingRuleEligibility> {
  if (!z.uuid().safeParse(opts.approvalId).success) throw new ApiError("not_found", `No approval ${opts.approvalId}.`);
  const a = await db().approval.findUnique({ where: { id: opts.approvalId }, include: { rule: true } });
  if (!a) throw new ApiError("not_found", `No approval ${opts.approvalId}.`);
  const params = a.paramsMasked ?? a.params;
  const team = a.reviewerTeam?.trim().toLowerCase();
  const reason =
    (!opts.viewer.permissions.includes("approvals:decide") && "Only reviewers who may decide requests can add standing rules.") ||
    (a.status !== "pending" && a.status !== "approved" && `Only a pending or approved request can become a standing rule (this one is ${a.status}).`) ||
    (team && team !== opts.viewer.team?.trim().toLowerCase() && `Only reviewers of team ${a.reviewerTeam} may decide this request.`) ||
    (isOwnRequest(a.userId, opts.viewer) && "This is your own request: you cannot approve it, so you cannot always allow it.") ||
    standingRuleBlocker(
      { server: a.server, tool: a.tool, userId: a.userId, team: a.team, identitySource: a.identitySource, params, ruleId: a.ruleId, requiredApprovals: a.requiredApprovals },
      a.rule,
    );
  return {
    allowed: !reason,
    reason: reason || null,
    approvalId: a.id,
    server: a.server,
    tool: a.tool,
    userId: a.userId,
    team: a.team,
    ruleId: a.ruleId,
    scopes: a.team ? ["user", "team"] : ["user"],
    prefill: prefillConstraints(params),
  };
}
