import "server-only";
import type { Permission } from "../auth/permissions";
import { findKillSwitches } from "./find-kill-switches";
import type { KillSwitchList } from "./schema";
import { toKillSwitchBanner } from "./to-kill-switch-banner";

/**
 * GET /api/kill-switches and the dashboard layout's banner: the full list (value, reason, who set and lifted
 * it, the last lifted ones) for roles that see the Tools page (`inventory:read`: security, admin — they set
 * and lift kill switches); for every other role only what the banner needs (lib/inventory/to-kill-switch-banner.ts).
 */
export async function findVisibleKillSwitches(opts: { permissions: readonly Permission[]; liftedLimit?: number }): Promise<KillSwitchList> {
  if (opts.permissions.includes("inventory:read")) return { view: "full", ...(await findKillSwitches({ liftedLimit: opts.liftedLimit })) };
  const { active } = await findKillSwitches({ liftedLimit: 0 });
  return { view: "banner", active: toKillSwitchBanner(active) };
}
