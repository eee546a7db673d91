import { withSession } from "@/lib/http/route";
import { getInventoryTool } from "@/lib/inventory/get-inventory-tool";

// GET /api/inventory/tools/{id} — one tool with every version, its settings and status.
export const GET = withSession({ permission: "inventory:read" }, async ({ params }) => ({ tool: await getInventoryTool({ id: params.id }) }));
