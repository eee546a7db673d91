import { toErrorResponse } from "@/lib/http/errors";
import { getJwks } from "@/lib/approvals/get-jwks";

export const dynamic = "force-dynamic";

// GET /api/v1/jwks.json — public keys that verify approval tokens (active and recently retired). Public.
export async function GET() {
  try {
    return Response.json(await getJwks(), { headers: { "cache-control": "public, max-age=60", "content-type": "application/jwk-set+json" } });
  } catch (err) {
    return toErrorResponse(err);
  }
}
