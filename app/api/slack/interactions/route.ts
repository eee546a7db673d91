import { handleSlackInteraction } from "@/lib/notifications/handle-slack-interaction";
import { readLimited } from "@/lib/http/read-body";
import { toErrorResponse } from "@/lib/http/errors";

// POST /api/slack/interactions — Slack's interactive-button requests, verified with SLACK_SIGNING_SECRET.
// Never decides: the buttons open Warden's confirmation page (lib/notifications/handle-slack-interaction.ts).
export async function POST(req: Request): Promise<Response> {
  try {
    const rawBody = new TextDecoder().decode(await readLimited(req, 64 * 1024));
    const reply = await handleSlackInteraction({ rawBody, timestamp: req.headers.get("x-slack-request-timestamp"), signature: req.headers.get("x-slack-signature") });
    return Response.json(reply);
  } catch (err) {
    return toErrorResponse(err);
  }
}
