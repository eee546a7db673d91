import { withSession } from "@/lib/http/route";
import { AlertActionBody } from "@/lib/alerts/schema";
import { acknowledgeAlert } from "@/lib/alerts/acknowledge-alert";
import { publish } from "@/lib/realtime/publish";

// POST /api/alerts/{id}/acknowledge {comment?}
export const POST = withSession({ permission: "alerts:write", body: AlertActionBody }, async ({ body, actor, params }) => {
  const alert = await acknowledgeAlert({ id: params.id, comment: body.comment, actor });
  publish("alerts", alert.id);
  return { alert };
});
