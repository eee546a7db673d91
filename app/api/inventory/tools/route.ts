import { withSession } from "@/lib/http/route";
import { FindInventoryToolsQuery } from "@/lib/inventory/schema";
import { findInventoryTools } from "@/lib/inventory/find-inventory-tools";

// GET /api/inventory/tools — every server × tool across gateways (filters: server, status, q; paged) and every server.
export const GET = withSession({ permission: "inventory:read" }, async ({ query }) =>
  findInventoryTools({ query: FindInventoryToolsQuery.parse(Object.fromEntries(query)) }),
);
