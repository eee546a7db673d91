import "server-only";
import { forbidden, redirect } from "next/navigation";
import { getCurrentUser, type CurrentUser } from "./get-current-user";
import { NAV_ITEMS, SUB_PAGES, canOpen } from "./nav";

/** Page guard: signed in, and allowed to open `href` by the page table in lib/auth/nav.ts (403 otherwise). */
export async function requirePage(href: string): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(href)}`);
  const page = [...NAV_ITEMS, ...SUB_PAGES].find((p) => p.href === href);
  if (!page) throw new Error(`page ${href} is not in lib/auth/nav.ts`);
  if (!canOpen(user.roles, page)) forbidden();
  return user;
}
