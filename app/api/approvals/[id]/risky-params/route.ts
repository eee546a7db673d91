import { withSession } from "@/lib/http/route";
import { getRiskyParams } from "@/lib/approvals/get-risky-params";

// GET /api/approvals/{id}/risky-params — the values that usually decide, each with its JSON pointer and why.
export const GET = withSession({ permission: "approvals:read" }, async ({ params }) => getRiskyParams({ id: params.id }));
