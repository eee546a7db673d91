"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import type { ReactNode } from "react";
import { CurrentUserProvider, type ClientUser } from "./current-user";
import { LiveIndicator } from "./live-indicator";
import { NavBadge } from "./nav-badge";
import { TimeZoneLink } from "@/components/ui/time-zone-link";
import { useLiveInvalidation } from "@/lib/realtime/use-live-invalidation";

/** Ends every session of the signed-in person (DELETE /api/me/sessions), then leaves for the login page. */
async function signOutEverywhere() {
  const res = await fetch("/api/me/sessions", { method: "DELETE" });
  if (!res.ok && res.status !== 401) {
    window.alert("Could not sign out everywhere; try again.");
    return;
  }
  await signOut({ callbackUrl: "/login" });
}

export function AppShell({ nav, user, children }: { nav: { href: string; label: string }[]; user: ClientUser; children: ReactNode }) {
  const pathname = usePathname();
  const live = useLiveInvalidation();
  return (
    <CurrentUserProvider user={user}>
      <div className="flex min-h-screen">
        <aside className="flex w-56 shrink-0 flex-col border-r border-slate-200 bg-white">
          <div className="px-4 py-4 text-lg font-bold tracking-tight">
            <span className="text-indigo-600">◆</span> Warden
          </div>
          <nav aria-label="Main" className="flex-1 space-y-0.5 px-2">
            {nav.map((item) => {
              const active = item.href === "/" ? pathname === "/" : pathname.startsWith(item.href);
              return (
                <Link
                  key={item.href}
                  href={item.href}
                  aria-current={active ? "page" : undefined}
                  className={`flex items-center justify-between rounded-md px-3 py-2 text-sm ${active ? "bg-indigo-50 font-semibold text-indigo-700" : "text-slate-700 hover:bg-slate-100"}`}
                >
                  {item.label}
                  <NavBadge href={item.href} />
                </Link>
              );
            })}
          </nav>
          <div className="border-t border-slate-200 p-3 text-xs text-slate-600">
            <LiveIndicator status={live} />
            <div className="mt-2 truncate font-medium text-slate-800" title={user.email}>
              {user.name ?? user.email}
            </div>
            <div className="truncate">{user.roles.join(", ")}</div>
            <Link href="/account" className="mt-1 block text-indigo-700 hover:underline">Your account</Link>
            <TimeZoneLink className="mt-1 block truncate hover:underline" />
            <button className="btn mt-2 w-full justify-center" type="button" onClick={() => void signOut({ callbackUrl: "/login" })}>
              Sign out
            </button>
            <button
              className="btn mt-1 w-full justify-center"
              type="button"
              title="End your sessions in every browser, this one included"
              onClick={() => void signOutEverywhere()}
            >
              Sign out everywhere
            </button>
          </div>
        </aside>
        <main className="min-w-0 flex-1 p-6">{children}</main>
      </div>
    </CurrentUserProvider>
  );
}
