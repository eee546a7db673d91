import "server-only";
import { db } from "../db";
import { toolSettingView } from "./tool-setting-view";
import type { ToolSettingView } from "./schema";

/** Every tool's central settings, by server and tool. */
export async function findToolSettings(): Promise<ToolSettingView[]> {
  const rows = await db().toolSetting.findMany({ orderBy: [{ server: "asc" }, { tool: "asc" }] });
  return rows.map(toolSettingView);
}
