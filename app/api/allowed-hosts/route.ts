import { withSession } from "@/lib/http/route";
import { AddAllowedHostBody } from "@/lib/alerts/schema";
import { addAllowedHost } from "@/lib/webhooks/add-allowed-host";
import { findAllowedHosts } from "@/lib/webhooks/find-allowed-hosts";
import { publish } from "@/lib/realtime/publish";

// GET /api/allowed-hosts — hosts webhooks may reach although they resolve to private addresses.
export const GET = withSession({ permission: "channels:write" }, async () => findAllowedHosts());

// POST /api/allowed-hosts {host}
export const POST = withSession({ permission: "channels:write", body: AddAllowedHostBody }, async ({ body, actor }) => {
  const host = await addAllowedHost({ input: body, actor });
  publish("alerts");
  return Response.json({ host }, { status: 201 });
});
