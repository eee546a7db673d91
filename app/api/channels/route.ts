import { withSession } from "@/lib/http/route";
import { CreateChannelBody } from "@/lib/alerts/schema";
import { createChannel } from "@/lib/alerts/create-channel";
import { findChannels } from "@/lib/alerts/find-channels";
import { publish } from "@/lib/realtime/publish";

// GET /api/channels
export const GET = withSession({ permission: "channels:write" }, async () => findChannels());

// POST /api/channels — a generated signing secret is returned once.
export const POST = withSession({ permission: "channels:write", body: CreateChannelBody }, async ({ body, actor }) => {
  const result = await createChannel({ input: body, actor });
  publish("alerts", result.channel.id);
  return Response.json(result, { status: 201 });
});
