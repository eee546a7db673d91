import "server-only";
import { z } from "zod";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { generateWebhookSecret } from "../approvals/create-approval-rule";
import { channelView, type ChannelView } from "./channel-view";
import { checkChannelUrl } from "./check-channel-url";
import { UpdateChannelBody } from "./schema";

/** PATCH /api/channels/{id}. `rotateSecret` generates a new signing secret, returned once. */
export async function updateChannel(opts: { id: string; input: UpdateChannelBody; actor: AuditActor }): Promise<{ channel: ChannelView; secret?: string }> {
  const { rotateSecret, ...input } = UpdateChannelBody.parse(opts.input);
  if (!z.uuid().safeParse(opts.id).success) throw new ApiError("not_found", `No channel ${opts.id}.`);
  const before = await db().notificationChannel.findUnique({ where: { id: opts.id } });
  if (!before) throw new ApiError("not_found", `No channel ${opts.id}.`);
  if (input.url !== undefined && before.type !== "email") await checkChannelUrl(input.url);
  if (input.url !== undefined && before.type === "email") throw new ApiError("invalid_request", "An email channel has no URL.", { issues: [{ path: "url", message: "not used by email channels" }] });
  if (input.email !== undefined && before.type !== "email") throw new ApiError("invalid_request", "Only email channels have an address.", { issues: [{ path: "email", message: "not used by webhook channels" }] });
  const secret = rotateSecret && before.type === "webhook" ? generateWebhookSecret() : undefined;
  return db().$transaction(async (tx) => {
    const n = await tx.notificationChannel.updateMany({
      where: { id: opts.id },
      data: { ...input, ...(secret ? { secret } : {}) },
    });
    if (n.count === 0) throw new ApiError("not_found", `No channel ${opts.id}.`);
    const c = await tx.notificationChannel.findUniqueOrThrow({ where: { id: opts.id } });
    const view = channelView(c);
    await recordAudit(tx, { actor: opts.actor, action: "channel.update", targetType: "notification_channel", targetId: c.id, before: channelView(before), after: { ...view, secretRotated: !!secret } });
    return { channel: view, secret };
  });
}
