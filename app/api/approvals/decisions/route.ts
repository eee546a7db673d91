import { withSession } from "@/lib/http/route";
import { DecideApprovalsBatchBody } from "@/lib/approvals/schema";
import { decideApprovalsBatch } from "@/lib/approvals/decide-approvals-batch";

// POST /api/approvals/decisions — one vote and reason on several requests sharing tool and rule; each is
// still voted, audited and signed one by one: {"results":[{id,status,approvals}|{id,error}]}.
export const POST = withSession({ permission: "approvals:decide", body: DecideApprovalsBatchBody }, async ({ user, actor, body }) =>
  decideApprovalsBatch({ reviewer: user, input: body, actor }),
);
