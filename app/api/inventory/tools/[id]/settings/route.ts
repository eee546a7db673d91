import { withSession } from "@/lib/http/route";
import { PutInventoryToolSettingsBody } from "@/lib/inventory/schema";
import { setInventoryToolSettings } from "@/lib/inventory/set-inventory-tool-settings";
import { publish } from "@/lib/realtime/publish";

// PUT /api/inventory/tools/{id}/settings — cost per call, timeout, rate limit and "needs human approval".
export const PUT = withSession({ permission: "inventory:write", body: PutInventoryToolSettingsBody }, async ({ params, body, actor }) => {
  const result = await setInventoryToolSettings({ id: params.id, input: body, actor });
  publish("tools");
  publish("gateways");
  return result;
});
