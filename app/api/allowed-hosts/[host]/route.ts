import { withSession } from "@/lib/http/route";
import { removeAllowedHost } from "@/lib/webhooks/remove-allowed-host";
import { publish } from "@/lib/realtime/publish";

// DELETE /api/allowed-hosts/{host}
export const DELETE = withSession({ permission: "channels:write" }, async ({ actor, params }) => {
  await removeAllowedHost({ host: decodeURIComponent(params.host), actor });
  publish("alerts");
  return { ok: true };
});
