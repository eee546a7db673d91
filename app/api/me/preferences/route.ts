import { withSession } from "@/lib/http/route";
import { getPreferences } from "@/lib/preferences/get-preferences";
import { PatchPreferencesBody } from "@/lib/preferences/schema";
import { updatePreferences } from "@/lib/preferences/update-preferences";

// GET /api/me/preferences — the signed-in person's own preferences (time zone: an IANA zone or "browser").
export const GET = withSession({ permission: "dashboard:read" }, async ({ user }) => getPreferences({ userId: user.id }));

// PATCH /api/me/preferences {timeZone} — anyone signed in, for themselves only.
export const PATCH = withSession({ permission: "dashboard:read", body: PatchPreferencesBody }, async ({ user, body }) => updatePreferences({ userId: user.id, input: body }));
