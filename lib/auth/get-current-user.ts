import "server-only";
import { getServerSession } from "next-auth";
import { db } from "../db";
import { authOptions } from "./auth-options";
import { permissionsOf, type Permission } from "./permissions";

export interface CurrentUser {
  id: string;
  email: string;
  name: string | null;
  team: string | null;
  roles: string[];
  permissions: Permission[];
}

/**
 * The signed-in person, read fresh from the database on every request: a deactivated user, or one
 * whose session version was bumped (roles or password changed), gets null at once.
 */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const session = (await getServerSession(authOptions())) as { uid?: string; sv?: number } | null;
  if (!session?.uid) return null;
  return loadSessionUser(session.uid, session.sv);
}

export async function loadSessionUser(uid: string, sessionVersion: number | undefined): Promise<CurrentUser | null> {
  const user = await db().user.findUnique({ where: { id: uid } });
  if (!user || !user.active || user.sessionVersion !== sessionVersion) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    team: user.team,
    roles: user.roles,
    permissions: [...permissionsOf(user.roles)],
  };
}
