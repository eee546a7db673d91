import { withSession } from "@/lib/http/route";
import { liftKillSwitch } from "@/lib/inventory/lift-kill-switch";
import { publish } from "@/lib/realtime/publish";

// POST /api/kill-switches/{id}/lift — lifts an active kill switch.
export const POST = withSession({ permission: "inventory:write" }, async ({ params, actor }) => {
  const killSwitch = await liftKillSwitch({ id: params.id, actor });
  publish("tools");
  return { killSwitch };
});
