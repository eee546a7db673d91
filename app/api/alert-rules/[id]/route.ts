import { withSession } from "@/lib/http/route";
import { UpdateAlertRuleBody } from "@/lib/alerts/schema";
import { updateAlertRule } from "@/lib/alerts/update-alert-rule";
import { deleteAlertRule } from "@/lib/alerts/delete-alert-rule";
import { publish } from "@/lib/realtime/publish";

// PATCH /api/alert-rules/{id} — also mute ({muted}) and snooze ({snoozedUntil}).
export const PATCH = withSession({ permission: "alert_rules:write", body: UpdateAlertRuleBody }, async ({ body, actor, params }) => {
  const rule = await updateAlertRule({ id: params.id, input: body, actor });
  publish("alerts", rule.id);
  return { rule };
});

// DELETE /api/alert-rules/{id}
export const DELETE = withSession({ permission: "alert_rules:write" }, async ({ actor, params }) => {
  await deleteAlertRule({ id: params.id, actor });
  publish("alerts", params.id);
  return { ok: true };
});
