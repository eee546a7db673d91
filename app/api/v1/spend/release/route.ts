import { withApiKey } from "@/lib/gateways/with-api-key";
import { readJsonBody } from "@/lib/http/read-body";
import { ReleaseSpendBody } from "@/lib/budgets/schema";
import { releaseSpend } from "@/lib/budgets/release-spend";
import { publishThrottled } from "@/lib/realtime/publish";

// POST /api/v1/spend/release — free a reservation for a call that did not happen (idempotent; own reservations only).
export const POST = withApiKey({ scope: "spend:write" }, async ({ req, gateway }) => {
  const { reservationId } = ReleaseSpendBody.parse(await readJsonBody(req, 16 * 1024));
  const result = await releaseSpend({ gatewayId: gateway.gatewayId, reservationId });
  if (result.released) publishThrottled("budgets", 1000);
  return result;
});
