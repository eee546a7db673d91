import { withSession } from "@/lib/http/route";
import { UpdateChannelBody } from "@/lib/alerts/schema";
import { updateChannel } from "@/lib/alerts/update-channel";
import { deleteChannel } from "@/lib/alerts/delete-channel";
import { publish } from "@/lib/realtime/publish";

// PATCH /api/channels/{id}
export const PATCH = withSession({ permission: "channels:write", body: UpdateChannelBody }, async ({ body, actor, params }) => {
  const result = await updateChannel({ id: params.id, input: body, actor });
  publish("alerts", params.id);
  return result;
});

// DELETE /api/channels/{id}
export const DELETE = withSession({ permission: "channels:write" }, async ({ actor, params }) => {
  await deleteChannel({ id: params.id, actor });
  publish("alerts", params.id);
  return { ok: true };
});
