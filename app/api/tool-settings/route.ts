import { withSession } from "@/lib/http/route";
import { PutToolSettingBody } from "@/lib/policy/schema";
import { findToolSettings } from "@/lib/policy/find-tool-settings";
import { setToolSetting } from "@/lib/policy/set-tool-setting";
import { publish } from "@/lib/realtime/publish";

// GET /api/tool-settings — every tool's central settings (sent to gateways in GET /api/v1/policy).
export const GET = withSession({ permission: "gateways:read" }, async () => ({ tools: await findToolSettings() }));

// PUT /api/tool-settings — sets one tool's cost per call, timeout and rate limit (all null: removes them).
export const PUT = withSession({ permission: "tool_settings:write", body: PutToolSettingBody }, async ({ body, actor }) => {
  const tool = await setToolSetting({ input: body, actor });
  publish("gateways");
  return { tool };
});
