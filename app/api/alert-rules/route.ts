import { withSession } from "@/lib/http/route";
import { CreateAlertRuleBody } from "@/lib/alerts/schema";
import { createAlertRule } from "@/lib/alerts/create-alert-rule";
import { findAlertRules } from "@/lib/alerts/find-alert-rules";
import { publish } from "@/lib/realtime/publish";

// GET /api/alert-rules
export const GET = withSession({ permission: "alerts:read" }, async () => findAlertRules());

// POST /api/alert-rules
export const POST = withSession({ permission: "alert_rules:write", body: CreateAlertRuleBody }, async ({ body, actor }) => {
  const rule = await createAlertRule({ input: body, actor });
  publish("alerts", rule.id);
  return Response.json({ rule }, { status: 201 });
});
