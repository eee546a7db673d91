import "server-only";
import type { AuditActor } from "../audit/record-audit";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { decideApproval, type Reviewer } from "./decide-approval";
import { DecideApprovalsBatchBody, type DecideApprovalsBatchResponse } from "./schema";

/**
 * POST /api/approvals/decisions: one reviewer's vote, with one reason, on several requests that share
 * server, tool and rule. Each request is still voted on its own by decideApproval — its own transaction,
 * vote, audit entries, outcome and signed token for its gateway — in the order given; a request that
 * cannot take the vote (already decided, expired, not this reviewer's team…) gets its error in the
 * results and the others go on.
 */
export async function decideApprovalsBatch(opts: { reviewer: Reviewer; input: DecideApprovalsBatchBody; actor: AuditActor }): Promise<DecideApprovalsBatchResponse> {
  const input = DecideApprovalsBatchBody.parse(opts.input);
  const comment = input.comment?.trim() || undefined;
  if (input.decision === "deny" && !comment) throw new ApiError("invalid_request", "Give a reason to deny.", { issues: [{ path: "comment", message: "required to deny" }] });
  const rows = await db().approval.findMany({ where: { id: { in: input.ids } }, select: { id: true, server: true, tool: true, ruleId: true } });
  if (rows.length !== input.ids.length) {
    const found = new Set(rows.map((r) => r.id));
    throw new ApiError("not_found", `No approval ${input.ids.find((id) => !found.has(id))}.`);
  }
  const kinds = new Set(rows.map((r) => JSON.stringify([r.server, r.tool, r.ruleId])));
  if (kinds.size > 1) {
    throw new ApiError("invalid_request", "A batch decision takes requests of one tool under one rule.", {
      issues: [{ path: "ids", message: "every request must share its server, tool and rule" }],
    });
  }
  const results: DecideApprovalsBatchResponse["results"] = [];
  for (const id of input.ids) {
    try {
      results.push({ id, ...(await decideApproval({ id, reviewer: opts.reviewer, input: { decision: input.decision, comment }, actor: opts.actor })) });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      results.push({ id, error: { code: err.code, message: err.message } });
    }
  }
  return { results };
}
