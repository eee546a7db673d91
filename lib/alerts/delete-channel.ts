import "server-only";
import { z } from "zod";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { channelView } from "./channel-view";

/** DELETE /api/channels/{id}: its delivery log stays (without the channel). */
export async function deleteChannel(opts: { id: string; actor: AuditActor }): Promise<void> {
  if (!z.uuid().safeParse(opts.id).success) throw new ApiError("not_found", `No channel ${opts.id}.`);
  await db().$transaction(async (tx) => {
    const before = await tx.notificationChannel.findUnique({ where: { id: opts.id } });
    if (!before) throw new ApiError("not_found", `No channel ${opts.id}.`);
    await tx.notificationChannel.delete({ where: { id: opts.id } });
    await recordAudit(tx, { actor: opts.actor, action: "channel.delete", targetType: "notification_channel", targetId: opts.id, before: channelView(before) });
  });
}
