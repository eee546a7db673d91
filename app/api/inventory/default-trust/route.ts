import { withSession } from "@/lib/http/route";
import { PutDefaultTrustBody } from "@/lib/inventory/schema";
import { setDefaultTrustPolicy } from "@/lib/inventory/set-default-trust-policy";
import { publish } from "@/lib/realtime/publish";

// PUT /api/inventory/default-trust — the trust policy of servers without their own, re-deciding their
// known tools; `dryRun: true` previews which tools would change, and `previewed` (that preview sent back)
// makes it apply only as previewed (409 naming what changed otherwise).
export const PUT = withSession({ permission: "inventory:write", body: PutDefaultTrustBody }, async ({ body, actor }) => {
  const result = await setDefaultTrustPolicy({ input: body, actor });
  if (!result.dryRun) publish("tools");
  return result;
});
