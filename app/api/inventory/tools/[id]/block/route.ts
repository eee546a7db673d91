import { withSession } from "@/lib/http/route";
import { BlockToolBody } from "@/lib/inventory/schema";
import { blockTool } from "@/lib/inventory/block-tool";
import { publish } from "@/lib/realtime/publish";

// POST /api/inventory/tools/{id}/block — blocks the tool in every gateway until a version is approved again.
export const POST = withSession({ permission: "inventory:write", body: BlockToolBody }, async ({ params, body, actor }) => {
  const tool = await blockTool({ id: params.id, input: body, actor });
  publish("tools");
  return { tool };
});
