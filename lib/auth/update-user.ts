import "server-only";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { hashPassword } from "./password";
import { UpdateUserBody } from "./schema";
import { userView, type UserView } from "./user-view";
import { getIo } from "../realtime/publish";
import { revokeUserSessions } from "./revoke-user-sessions";

/**
 * Changes a user's profile, roles, password or active flag. A change of roles, password or activity
 * ends every session of the user (revokeUserSessions), so they stop working at once. The last active
 * admin cannot remove their own admin role or deactivate themselves out of the system.
 */
export async function updateUser(opts: { id: string; input: UpdateUserBody; actor: AuditActor }): Promise<UserView> {
  const input = UpdateUserBody.parse(opts.input);
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  const result = await db().$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: opts.id } });
    if (!before) throw new ApiError("not_found", `No user with id ${opts.id}.`);
    const losesAdmin =
      before.roles.includes("admin") &&
      before.active &&
      ((input.roles && !input.roles.includes("admin")) || input.active === false);
    if (losesAdmin) {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(727274002)`;
      const admins = await tx.user.count({ where: { active: true, roles: { has: "admin" } } });
      if (admins <= 1) throw new ApiError("conflict", "This is the last active admin; make another admin first.");
    }
    const revokesSessions =
      input.roles !== undefined || input.active === false || passwordHash !== undefined;
    const u = await tx.user.update({
      where: { id: opts.id },
      data: {
        name: input.name,
        team: input.team,
        roles: input.roles,
        active: input.active,
        passwordHash,
      },
    });
    if (revokesSessions) await revokeUserSessions(tx, { userId: u.id });
    const action = input.active === false ? "user.deactivate" : input.active === true ? "user.activate" : "user.update";
    await recordAudit(tx, {
      actor: opts.actor,
      action: passwordHash && Object.keys(input).length === 1 ? "user.password_change" : action,
      targetType: "user",
      targetId: u.id,
      before: userView(before),
      after: userView(u),
    });
    return { view: userView(u), revokesSessions };
  });
  // A revoked session also loses its live connection at once.
  if (result.revokesSessions) getIo()?.in(`user:${opts.id}`).disconnectSockets(true);
  return result.view;
}
