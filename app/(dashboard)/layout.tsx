import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { NAV_ITEMS, canOpen } from "@/lib/auth/nav";
import { AppShell } from "@/components/layout/app-shell";
import { BrowserNotifier } from "@/components/account/browser-notifier";
import { CommandPalette } from "@/components/command-palette/command-palette";
import { KillSwitchBanner } from "@/components/tools/kill-switch-banner";
import { findVisibleKillSwitches } from "@/lib/inventory/find-visible-kill-switches";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  const nav = NAV_ITEMS.filter((item) => canOpen(user.roles, item)).map(({ href, label }) => ({ href, label }));
  const { active: killSwitches } = await findVisibleKillSwitches({ permissions: user.permissions, liftedLimit: 0 });
  return (
    <AppShell nav={nav} user={{ email: user.email, name: user.name, roles: user.roles, permissions: user.permissions, timeZone: user.timeZone }}>
      <BrowserNotifier />
      <CommandPalette />
      <KillSwitchBanner initial={killSwitches} canOpen={user.permissions.includes("inventory:read")} />
      {children}
    </AppShell>
  );
}
