import { withApiKey } from "@/lib/gateways/with-api-key";
import { readJsonBody } from "@/lib/http/read-body";
import { AuthorizeSpendBody } from "@/lib/budgets/schema";
import { authorizeSpend } from "@/lib/budgets/authorize-spend";
import { publishThrottled } from "@/lib/realtime/publish";

// POST /api/v1/spend/authorize — reserve a call's estimated cost against every budget it falls under (200 either way).
export const POST = withApiKey({ scope: "spend:write" }, async ({ req, gateway }) => {
  const input = AuthorizeSpendBody.parse(await readJsonBody(req, 16 * 1024));
  const result = await authorizeSpend({ gatewayId: gateway.gatewayId, input });
  if (result.allowed) publishThrottled("budgets", 1000);
  return result;
});
