import "server-only";
import { db } from "../db";
import { permissionsOf, type Permission } from "./permissions";

export interface CurrentUser {
  id: string;
  email: string;
  name: string | null;
  team: string | null;
  roles: string[];
  permissions: Permission[];
  /** Their time-zone setting (IANA), or null to follow the browser. */
  timeZone: string | null;
}

/**
 * The person behind a session JWT's claims, or null when the session is over: its row (`sid`) is
 * missing, revoked by sign-out or past its expiry, the user is deactivated, or their session version was
 * bumped (role or password change, sign out everywhere). One primary-key lookup joined to the user.
 * Every path that accepts a session goes through here: next-auth's session callback (pages, dashboard
 * routes, /api/auth/session) and the socket.io handshake.
 */
export async function findSessionUser(claims: { uid?: unknown; sv?: unknown; sid?: unknown }): Promise<CurrentUser | null> {
  if (typeof claims.uid !== "string" || typeof claims.sid !== "string" || typeof claims.sv !== "number") return null;
  const session = await db().session.findUnique({ where: { id: claims.sid }, include: { user: true } });
  if (!session || session.revokedAt || session.expiresAt.getTime() <= Date.now()) return null;
  const user = session.user;
  if (user.id !== claims.uid || !user.active || user.sessionVersion !== claims.sv) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    team: user.team,
    roles: user.roles,
    permissions: [...permissionsOf(user.roles)],
    timeZone: user.timeZone,
  };
}
