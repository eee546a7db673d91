import { withSession } from "@/lib/http/route";
import { signOutEverywhere } from "@/lib/auth/sign-out-everywhere";

// Sign out everywhere: any signed-in person ends all of their own sessions (every browser, this one too).
export const DELETE = withSession({ permission: "dashboard:read" }, async ({ user, actor }) => {
  await signOutEverywhere({ userId: user.id, actor });
  return { ok: true };
});
