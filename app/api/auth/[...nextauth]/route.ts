import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/auth-options";
import { withJsonErrors } from "@/lib/http/with-json-errors";

// next-auth's own refusals (a plain-text 400 for an unknown action) are sent in Warden's JSON error shape.
const handler = withJsonErrors((req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => NextAuth(authOptions())(req, ctx));

export { handler as GET, handler as POST };
