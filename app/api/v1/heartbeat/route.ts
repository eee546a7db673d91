import { withApiKey } from "@/lib/gateways/with-api-key";
import { readJsonBody } from "@/lib/http/read-body";
import { HeartbeatBody } from "@/lib/gateways/schema";
import { recordHeartbeat } from "@/lib/gateways/record-heartbeat";

// POST /api/v1/heartbeat — the gateway's version, policy, spool, counters and fail-open settings; 200 {ok:true}.
export const POST = withApiKey({ scope: "heartbeat:write" }, async ({ req, gateway }) => {
  const input = HeartbeatBody.parse(await readJsonBody(req, 64 * 1024));
  const { staleAfterSeconds } = await recordHeartbeat({ gatewayId: gateway.gatewayId, gatewayName: gateway.gatewayName, input });
  return { ok: true, staleAfterSeconds };
});
