import { withSession } from "@/lib/http/route";
import { findSigningKeys } from "@/lib/approvals/find-signing-keys";
import { rotateSigningKey } from "@/lib/approvals/rotate-signing-key";
import { forgetSigningKey } from "@/lib/approvals/get-signing-key";

// GET /api/approvals/signing-keys — the token signing keys (public facts).
export const GET = withSession({ permission: "approval_rules:write" }, async () => ({ keys: await findSigningKeys() }));

// POST /api/approvals/signing-keys — rotate: a new key signs from now on; the old one stays in the JWKS for a day.
export const POST = withSession({ permission: "approval_rules:write" }, async ({ actor }) => {
  const key = await rotateSigningKey({ actor });
  forgetSigningKey();
  return Response.json({ kid: key.kid }, { status: 201 });
});
