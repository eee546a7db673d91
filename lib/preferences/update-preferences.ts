import "server-only";
import { db } from "../db";
import { PatchPreferencesBody, type PreferencesResponse } from "./schema";

/** PATCH /api/me/preferences: change the signed-in person's own preferences; "browser" clears the zone. */
export async function updatePreferences(opts: { userId: string; input: PatchPreferencesBody }): Promise<PreferencesResponse> {
  const { timeZone } = PatchPreferencesBody.parse(opts.input);
  const user = await db().user.update({
    where: { id: opts.userId },
    data: timeZone === undefined ? {} : { timeZone: timeZone === "browser" ? null : timeZone },
    select: { timeZone: true },
  });
  return { timeZone: user.timeZone ?? "browser" };
}
