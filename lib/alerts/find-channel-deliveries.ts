import "server-only";
import { z } from "zod";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { deliveryView } from "./delivery-view";

/** GET /api/channels/{id}/deliveries: the channel's delivery log, newest first. */
export async function findChannelDeliveries(opts: { id: string; limit?: number }) {
  if (!z.uuid().safeParse(opts.id).success) throw new ApiError("not_found", `No channel ${opts.id}.`);
  const rows = await db().alertDelivery.findMany({
    where: { channelId: opts.id },
    orderBy: { createdAt: "desc" },
    take: Math.min(Math.max(opts.limit ?? 50, 1), 200),
    include: { alert: { select: { title: true } } },
  });
  return {
    deliveries: rows.map((d) => ({ ...deliveryView(d), alertTitle: d.alert?.title ?? (d.alertId ? null : "Test notification") })),
  };
}
