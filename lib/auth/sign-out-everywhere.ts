import "server-only";
import { db } from "../db";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { getIo } from "../realtime/publish";
import { revokeUserSessions } from "./revoke-user-sessions";

/** Ends all of a user's sessions (every browser, this one included) and drops their live connections. */
export async function signOutEverywhere(opts: { userId: string; actor: AuditActor }): Promise<void> {
  await db().$transaction(async (tx) => {
    await revokeUserSessions(tx, { userId: opts.userId });
    await recordAudit(tx, { actor: opts.actor, action: "user.sign_out_everywhere", targetType: "user", targetId: opts.userId });
  });
  getIo()?.in(`user:${opts.userId}`).disconnectSockets(true);
}
