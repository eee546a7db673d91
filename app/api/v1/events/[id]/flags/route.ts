import { withApiKey } from "@/lib/gateways/with-api-key";
import { readJsonBody } from "@/lib/http/read-body";
import { AddEventFlagsBody } from "@/lib/ingest/schema";
import { addEventFlags } from "@/lib/ingest/add-event-flags";

// POST /api/v1/events/{id}/flags — late flags (the gateway's heavy rules on a tool output) on an event of the key's gateway.
export const POST = withApiKey({ scope: "events:write" }, async ({ req, gateway, params }) => {
  const input = AddEventFlagsBody.parse(await readJsonBody(req, 64 * 1024));
  return addEventFlags({ gatewayId: gateway.gatewayId, eventId: params.id, input });
});
