import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "../db";

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/**
 * Records a new signed-in session for `userId` and returns its id (the JWT's `sid` claim). It ends
 * SESSION_MAX_AGE_SECONDS after sign-in however often the cookie is refreshed. Rows that ended more than
 * a day ago are deleted on the way (indexed on expires_at).
 */
export async function startSession(opts: { userId: string; now?: Date }): Promise<{ id: string; expiresAt: Date }> {
  const now = opts.now ?? new Date();
  const id = randomBytes(24).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000);
  await db().session.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 24 * 60 * 60 * 1000) } } });
  await db().session.create({ data: { id, userId: opts.userId, createdAt: now, expiresAt } });
  return { id, expiresAt };
}
