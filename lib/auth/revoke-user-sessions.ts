import "server-only";
import type { Prisma } from "../generated/prisma/client";

/**
 * Ends every session of a user, inside the caller's transaction: revokes their session rows and bumps
 * their session version (so a JWT of any age is refused). Deactivation, a role or password change and
 * "sign out everywhere" all come through here. After commit, the caller drops the live connections:
 * getIo()?.in(`user:${userId}`).disconnectSockets(true).
 */
export async function revokeUserSessions(tx: Prisma.TransactionClient, opts: { userId: string }): Promise<void> {
  await tx.session.updateMany({ where: { userId: opts.userId, revokedAt: null }, data: { revokedAt: new Date() } });
  await tx.user.update({ where: { id: opts.userId }, data: { sessionVersion: { increment: 1 } } });
}
