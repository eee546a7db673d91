import { z } from "zod";
import { withSession } from "@/lib/http/route";
import { PutServerTrustBody } from "@/lib/inventory/schema";
import { setServerTrustPolicy } from "@/lib/inventory/set-server-trust-policy";
import { publish } from "@/lib/realtime/publish";

const Body = PutServerTrustBody.extend({ server: z.string().trim().min(1).max(200) }).strict();

// PUT /api/inventory/servers/trust — a server's trust policy (null: the default), re-deciding its known
// tools; `dryRun: true` previews which tools would change, and `previewed` (that preview sent back) makes it
// apply only as previewed (409 naming what changed otherwise).
export const PUT = withSession({ permission: "inventory:write", body: Body }, async ({ body, actor }) => {
  const { server, ...input } = body;
  const result = await setServerTrustPolicy({ server, input, actor });
  if (!result.dryRun) publish("tools");
  return result;
});
