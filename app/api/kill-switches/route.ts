import { withSession } from "@/lib/http/route";
import { CreateKillSwitchBody } from "@/lib/inventory/schema";
import { createKillSwitch } from "@/lib/inventory/create-kill-switch";
import { findKillSwitches } from "@/lib/inventory/find-kill-switches";
import { publish } from "@/lib/realtime/publish";

// GET /api/kill-switches — active kill switches and the last lifted ones (every dashboard user: the banner shows them).
export const GET = withSession({ permission: "dashboard:read" }, async () => findKillSwitches());

// POST /api/kill-switches — blocks a user, an agent, a server or a gateway in every gateway's policy until lifted.
export const POST = withSession({ permission: "inventory:write", body: CreateKillSwitchBody }, async ({ body, actor }) => {
  const killSwitch = await createKillSwitch({ input: body, actor });
  publish("tools");
  return Response.json({ killSwitch }, { status: 201 });
});
