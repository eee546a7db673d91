import { withSession } from "@/lib/http/route";
import { findPrecedents } from "@/lib/approvals/find-precedents";
import { FindPrecedentsQuery } from "@/lib/approvals/precedent-schema";

// GET /api/approvals/{id}/precedents?by=any|tool|user|rule&limit=1..50&cursor — similar past decisions, newest first.
export const GET = withSession({ permission: "approvals:read" }, async ({ params, query }) =>
  findPrecedents({ id: params.id, query: FindPrecedentsQuery.parse(Object.fromEntries(query)) }),
);
