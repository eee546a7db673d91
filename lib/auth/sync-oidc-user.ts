import "server-only";
import { db } from "../db";
import { env } from "../env";
import { log } from "../log";
import { recordAudit } from "../audit/record-audit";
import { getIo } from "../realtime/publish";
import { mapOidcRoles, parseOidcRoleMap } from "./map-oidc-roles";
import { revokeUserSessions } from "./revoke-user-sessions";

export type OidcSignIn = { ok: true; userId: string } | { ok: false; error: "AccessDenied" | "NoMappedGroup" };

/**
 * A single sign-on sign-in, after the IdP vouched for the person. Without OIDC_ROLE_MAP the person must
 * exist and be active, or is created with OIDC_DEFAULT_ROLE. With OIDC_ROLE_MAP the IdP's groups decide
 * the roles at every sign-in (lib/auth/map-oidc-roles.ts): a user removed from every mapped group falls
 * back to OIDC_DEFAULT_ROLE, or is refused with OIDC_REQUIRE_GROUP=1 (and their open sessions end); a
 * change of roles ends the user's other sessions, as an admin's role change does. An email the IdP marks unverified is refused.
 */
export async function syncOidcUser(opts: { email?: string | null; name?: string | null; emailVerified?: unknown; groups?: unknown }): Promise<OidcSignIn> {
  const e = env();
  const email = opts.email?.trim().toLowerCase();
  if (!email || opts.emailVerified === false) {
    log.warn({ email }, "single sign-on refused: no verified email");
    return { ok: false, error: "AccessDenied" };
  }
  const mapped = e.OIDC_ROLE_MAP
    ? mapOidcRoles({ groups: opts.groups, roleMap: parseOidcRoleMap(e.OIDC_ROLE_MAP), defaultRole: e.OIDC_DEFAULT_ROLE, requireGroup: e.OIDC_REQUIRE_GROUP === "1" })
    : undefined;
  if (mapped && !mapped.ok) {
    log.warn({ email }, "single sign-on refused: in no mapped group (OIDC_REQUIRE_GROUP=1)");
    // Removed from every group at the IdP: the sessions they still have end too.
    const existing = await db().user.findUnique({ where: { email }, select: { id: true } });
    if (existing) {
      await db().$transaction((tx) => revokeUserSessions(tx, { userId: existing.id }));
      getIo()?.in(`user:${existing.id}`).disconnectSockets(true);
    }
    return { ok: false, error: "NoMappedGroup" };
  }
  const outcome = await db().$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email } });
    if (existing && !existing.active) return { ok: false as const, error: "AccessDenied" as const };
    const roles = mapped?.roles ?? existing?.roles ?? [e.OIDC_DEFAULT_ROLE];
    const user = existing
      ? await tx.user.update({ where: { id: existing.id }, data: { roles, lastLoginAt: new Date() } })
      : await tx.user.create({ data: { email, name: opts.name ?? null, roles, lastLoginAt: new Date() } });
    const actor = { id: user.id, email: user.email };
    if (!existing) {
      await recordAudit(tx, { actor, action: "user.create_from_idp", targetType: "user", targetId: user.id, after: { email, roles, groups: mapped?.matchedGroups } });
    }
    const rolesChanged = existing !== null && [...existing.roles].sort().join() !== [...roles].sort().join();
    if (rolesChanged) {
      await revokeUserSessions(tx, { userId: user.id });
      await recordAudit(tx, { actor, action: "user.roles_from_idp", targetType: "user", targetId: user.id, before: { roles: existing.roles }, after: { roles, groups: mapped?.matchedGroups } });
    }
    await recordAudit(tx, { actor, action: "user.sign_in", targetType: "user", targetId: user.id, after: { provider: "oidc" } });
    return { ok: true as const, userId: user.id, rolesChanged };
  });
  if (!outcome.ok) return outcome;
  if (outcome.rolesChanged) getIo()?.in(`user:${outcome.userId}`).disconnectSockets(true);
  return { ok: true, userId: outcome.userId };
}
