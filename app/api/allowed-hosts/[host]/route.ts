import { withSession } from "@/lib/http/route";
import { removeAllowedHost } from "@/lib/webhooks/remove-allowed-host";
import { publish } from "@/lib/realtime/publish";

// DELETE /api/allowed-hosts/{host}
export const DELETE = withSession({ permission: "channels:write" }, async ({ actor, params }) => {
  await removeAllowedHost({ host: params.host, actor }); // params arrive decoded (decoding twice threw on a '%')
  publish("alerts");
  return { ok: true };
});
