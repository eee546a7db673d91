import "server-only";
import { z } from "zod";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { redactTarget } from "./channel-view";
import { enqueueDelivery } from "./dispatch-alert-notifications";

/** POST /api/channels/{id}/test: queues a test notification (its delivery has no alert). */
export async function testChannel(opts: { id: string }): Promise<{ deliveryId: string }> {
  if (!z.uuid().safeParse(opts.id).success) throw new ApiError("not_found", `No channel ${opts.id}.`);
  const c = await db().notificationChannel.findUnique({ where: { id: opts.id } });
  if (!c) throw new ApiError("not_found", `No channel ${opts.id}.`);
  const d = await db().alertDelivery.create({ data: { channelId: c.id, target: redactTarget(c), status: "pending" } });
  await enqueueDelivery(d.id, "alert.test");
  return { deliveryId: d.id };
}
