import "server-only";
import { db } from "../db";
import { channelView, type ChannelView } from "./channel-view";

/** GET /api/channels */
export async function findChannels(): Promise<{ channels: ChannelView[] }> {
  const rows = await db().notificationChannel.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return { channels: rows.map(channelView) };
}
