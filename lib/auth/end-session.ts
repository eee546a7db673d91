import "server-only";
import { db } from "../db";
import { getIo } from "../realtime/publish";

/** Sign-out: revokes this one session (its saved cookie stops working at once) and drops its live connections. */
export async function endSession(opts: { sid: unknown }): Promise<void> {
  if (typeof opts.sid !== "string") return;
  await db().session.updateMany({ where: { id: opts.sid, revokedAt: null }, data: { revokedAt: new Date() } });
  getIo()?.in(`session:${opts.sid}`).disconnectSockets(true);
}
