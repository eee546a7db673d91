import "server-only";
import { db } from "../db";
import type { KillSwitchView } from "./schema";
import { killSwitchView } from "./kill-switch-view";

/** GET /api/kill-switches: the active kill switches (the dashboard's banner) and the last lifted ones. */
export async function findKillSwitches(opts: { liftedLimit?: number } = {}): Promise<{ active: KillSwitchView[]; lifted: KillSwitchView[] }> {
  const [active, lifted] = await Promise.all([
    db().killSwitch.findMany({ where: { liftedAt: null }, orderBy: { createdAt: "desc" } }),
    db().killSwitch.findMany({ where: { liftedAt: { not: null } }, orderBy: { liftedAt: "desc" }, take: opts.liftedLimit ?? 20 }),
  ]);
  const gatewayIds = [...active, ...lifted].filter((k) => k.kind === "gateway").map((k) => k.value);
  const gateways = gatewayIds.length ? await db().gateway.findMany({ where: { id: { in: gatewayIds } }, select: { id: true, name: true } }) : [];
  const names = new Map(gateways.map((g) => [g.id, g.name]));
  const view = (k: (typeof active)[number]) => killSwitchView(k, k.kind === "gateway" ? names.get(k.value) : undefined);
  return { active: active.map(view), lifted: lifted.map(view) };
}
