import { withApiKey } from "@/lib/gateways/with-api-key";
import { receiveEvents } from "@/lib/ingest/receive-events";

// POST /api/v1/events — a batch of audit events from the key's gateway (see lib/ingest/schema.ts).
export const POST = withApiKey({ scope: "events:write" }, async ({ req, gateway }) => receiveEvents({ req, gatewayId: gateway.gatewayId }));
