import "server-only";
import { db } from "../db";
import { ROLE_PERMISSIONS, type RoleName } from "../auth/permissions";

export interface TeamReviewer {
  id: string;
  email: string;
  browser: boolean;
  email_on: boolean;
  webhookChannelId: string | null;
}

const DECIDING_ROLES = (Object.keys(ROLE_PERMISSIONS) as RoleName[]).filter((r) => ROLE_PERMISSIONS[r].includes("approvals:decide"));

/**
 * The active users who may decide requests for `team` (any reviewer when null), with how each wants to hear
 * of them (no preference saved: browser only).
 */
export async function findTeamReviewers(opts: { team: string | null }): Promise<TeamReviewer[]> {
  const users = await db().user.findMany({
    where: {
      active: true,
      roles: { hasSome: DECIDING_ROLES },
      ...(opts.team ? { team: { equals: opts.team.trim(), mode: "insensitive" as const } } : {}),
    },
    select: { id: true, email: true },
    take: 500,
  });
  if (!users.length) return [];
  const prefs = await db().notificationPreference.findMany({ where: { userId: { in: users.map((u) => u.id) } } });
  const byUser = new Map(prefs.map((p) => [p.userId, p]));
  return users.map((u) => {
    const p = byUser.get(u.id);
    return { id: u.id, email: u.email, browser: p?.browser ?? true, email_on: p?.email ?? false, webhookChannelId: p?.webhookChannelId ?? null };
  });
}
