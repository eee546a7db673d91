import "server-only";
import { getServerSession } from "next-auth";
import { authOptions } from "./auth-options";
import type { CurrentUser } from "./find-session-user";

export type { CurrentUser } from "./find-session-user";

/**
 * The signed-in person, read fresh from the database on every request (next-auth's session callback
 * calls findSessionUser): a signed-out, revoked or expired session, a deactivated user, or one whose
 * session version was bumped (roles or password changed) gets null at once.
 */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const session = (await getServerSession(authOptions())) as { currentUser?: CurrentUser } | null;
  return session?.currentUser ?? null;
}
