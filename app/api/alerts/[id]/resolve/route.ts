import { withSession } from "@/lib/http/route";
import { AlertActionBody } from "@/lib/alerts/schema";
import { resolveAlert } from "@/lib/alerts/resolve-alert";
import { publish } from "@/lib/realtime/publish";

// POST /api/alerts/{id}/resolve {comment?}
export const POST = withSession({ permission: "alerts:write", body: AlertActionBody }, async ({ body, actor, params }) => {
  const alert = await resolveAlert({ id: params.id, comment: body.comment, actor });
  publish("alerts", alert.id);
  return { alert };
});
