import "server-only";
import { db } from "../db";
import { ApiError } from "../http/errors";
import type { PreferencesResponse } from "./schema";

/** GET /api/me/preferences: the signed-in person's own preferences ("browser" when no zone is set). */
export async function getPreferences(opts: { userId: string }): Promise<PreferencesResponse> {
  const user = await db().user.findUnique({ where: { id: opts.userId }, select: { timeZone: true } });
  if (!user) throw new ApiError("not_found", "No such user.");
  return { timeZone: user.timeZone ?? "browser" };
}
