import "server-only";
import { db } from "../db";

/**
 * Where a person lands after sign-in: a reviewer whose only role is reviewer goes to the queue when
 * requests they may decide (their team's, or any team's) are waiting; everyone else to the Overview.
 */
export async function getLandingPath(opts: { roles: readonly string[]; team: string | null }): Promise<string | null> {
  if (opts.roles.length !== 1 || opts.roles[0] !== "reviewer") return null;
  const team = opts.team?.trim();
  const waiting = await db().approval.findFirst({
    where: {
      status: "pending",
      expiresAt: { gt: new Date() },
      OR: [{ reviewerTeam: null }, ...(team ? [{ reviewerTeam: { equals: team, mode: "insensitive" as const } }, { escalatedTo: { equals: team, mode: "insensitive" as const } }] : [])],
    },
    select: { id: true },
  });
  return waiting ? "/approvals" : null;
}
