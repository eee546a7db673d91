import { withSession } from "@/lib/http/route";
import { ApproveToolBody } from "@/lib/inventory/schema";
import { approveTool } from "@/lib/inventory/approve-tool";
import { publish } from "@/lib/realtime/publish";

// POST /api/inventory/tools/{id}/approve — approves the version the reviewer saw (409 when it changed since).
export const POST = withSession({ permission: "inventory:write", body: ApproveToolBody }, async ({ params, body, actor }) => {
  const tool = await approveTool({ id: params.id, input: body, actor });
  publish("tools");
  publish("alerts");
  return { tool };
});
