import { withSession } from "@/lib/http/route";
import { CreateKillSwitchBody } from "@/lib/inventory/schema";
import { createKillSwitch } from "@/lib/inventory/create-kill-switch";
import { findVisibleKillSwitches } from "@/lib/inventory/find-visible-kill-switches";
import { publish } from "@/lib/realtime/publish";

// GET /api/kill-switches — every dashboard user (the banner): active kill switches and the last lifted ones
// in full for roles with inventory:read, only the banner's kinds and server/gateway names for the others.
export const GET = withSession({ permission: "dashboard:read" }, async ({ user }) => findVisibleKillSwitches({ permissions: user.permissions }));

// POST /api/kill-switches — blocks a user, an agent, a server or a gateway in every gateway's policy until lifted.
export const POST = withSession({ permission: "inventory:write", body: CreateKillSwitchBody }, async ({ body, actor }) => {
  const killSwitch = await createKillSwitch({ input: body, actor });
  publish("tools");
  return Response.json({ killSwitch }, { status: 201 });
});
