import "server-only";
import { db } from "../db";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Resolver = (ids: string[]) => Promise<[string, string][]>;

// What each target type's id is called, read in one query per type present on the page. Types whose id is
// already a name (inventory_server, setting, allowed_webhook_host) are shown as they are; a deleted target
// has no name (the entry keeps its id, and its before/after carry what it was).
const RESOLVERS: Record<string, Resolver> = {
  user: async (ids) => (await db().user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } })).map((r) => [r.id, r.email]),
  gateway: async (ids) => (await db().gateway.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((r) => [r.id, r.name]),
  api_key: async (ids) =>
    (await db().apiKey.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, prefix: true } })).map((r) => [r.id, r.name ? `${r.name} (${r.prefix})` : r.prefix]),
  budget: async (ids) => (await db().budget.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((r) => [r.id, r.name]),
  alert_rule: async (ids) => (await db().alertRule.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((r) => [r.id, r.name]),
  alert: async (ids) => (await db().alert.findMany({ where: { id: { in: ids } }, select: { id: true, title: true } })).map((r) => [r.id, r.title]),
  approval_rule: async (ids) => (await db().approvalRule.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((r) => [r.id, r.name]),
  approval: async (ids) =>
    (await db().approval.findMany({ where: { id: { in: ids } }, select: { id: true, server: true, tool: true, userId: true } })).map((r) => [r.id, `${r.server}/${r.tool} for ${r.userId}`]),
  notification_channel: async (ids) => (await db().notificationChannel.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((r) => [r.id, r.name]),
  standing_rule: async (ids) => (await db().standingRule.findMany({ where: { id: { in: ids } }, select: { id: true, number: true } })).map((r) => [r.id, `standing rule ${r.number}`]),
  inventory_tool: async (ids) => (await db().inventoryTool.findMany({ where: { id: { in: ids } }, select: { id: true, server: true, name: true } })).map((r) => [r.id, `${r.server}/${r.name}`]),
  tool_setting: async (ids) => (await db().toolSetting.findMany({ where: { id: { in: ids } }, select: { id: true, server: true, tool: true } })).map((r) => [r.id, `${r.server}/${r.tool}`]),
  saved_view: async (ids) => (await db().savedView.findMany({ where: { id: { in: ids } }, select: { id: true, page: true, name: true } })).map((r) => [r.id, `${r.page} view “${r.name}”`]),
  kill_switch: async (ids) => (await db().killSwitch.findMany({ where: { id: { in: ids } }, select: { id: true, kind: true, value: true } })).map((r) => [r.id, `${r.kind} ${r.value}`]),
};

const NAMED_BY_ID = new Set(["inventory_server", "setting", "allowed_webhook_host"]);

/** Names of the targets of audit entries, keyed `${targetType}:${targetId}`. */
export async function findTargetNames(entries: readonly { targetType: string; targetId: string | null }[]): Promise<Map<string, string>> {
  const byType = new Map<string, Set<string>>();
  const out = new Map<string, string>();
  for (const e of entries) {
    if (!e.targetId) continue;
    if (NAMED_BY_ID.has(e.targetType)) out.set(`${e.targetType}:${e.targetId}`, e.targetId);
    else if (RESOLVERS[e.targetType] && UUID.test(e.targetId)) byType.set(e.targetType, (byType.get(e.targetType) ?? new Set()).add(e.targetId));
  }
  const resolved = await Promise.all([...byType].map(async ([type, ids]) => ({ type, pairs: await RESOLVERS[type]([...ids]) })));
  for (const { type, pairs } of resolved) for (const [id, name] of pairs) out.set(`${type}:${id}`, name);
  return out;
}
