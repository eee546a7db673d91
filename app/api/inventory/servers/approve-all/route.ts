import { z } from "zod";
import { withSession } from "@/lib/http/route";
import { ApproveServerToolsBody } from "@/lib/inventory/schema";
import { approveServerTools } from "@/lib/inventory/approve-server-tools";
import { publish } from "@/lib/realtime/publish";

const Body = ApproveServerToolsBody.extend({ server: z.string().trim().min(1).max(200) }).strict();

// POST /api/inventory/servers/approve-all — approves every listed tool of a server at the fingerprint the reviewer saw.
export const POST = withSession({ permission: "inventory:write", body: Body }, async ({ body, actor }) => {
  const { server, ...input } = body;
  const result = await approveServerTools({ server, input, actor });
  publish("tools");
  publish("alerts");
  return result;
});
