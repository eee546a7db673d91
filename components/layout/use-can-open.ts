"use client";
import { NAV_ITEMS, SUB_PAGES } from "@/lib/auth/nav";
import { useCurrentUser } from "./current-user";

/**
 * Whether the signed-in user may open a dashboard page (by its path, query ignored): drill-downs offer only
 * what the role can open, from the same table as the navigation and the page guards.
 */
export function useCanOpen(): (href: string) => boolean {
  const { permissions } = useCurrentUser();
  return (href: string) => {
    const path = href.split("?")[0];
    const page = [...SUB_PAGES, ...NAV_ITEMS].find((p) => p.href === path);
    return page ? page.anyOf.some((p) => permissions.includes(p)) : false;
  };
}
