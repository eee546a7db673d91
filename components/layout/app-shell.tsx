"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { useEffect, useRef, useState, type MouseEvent, type ReactNode } from "react";
import { CurrentUserProvider, type ClientUser } from "./current-user";
import { LiveIndicator } from "./live-indicator";
import { NavBadge } from "./nav-badge";
import { ThemeToggle } from "./theme-toggle";
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
  // Below 1024 px the sidebar is a menu: opened by the header's button, closed by Esc (focus back on the
  // button), by a click beside it, by following a link, or by tabbing out of it.
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const sidebar = useRef<HTMLElement>(null);
  useEffect(() => setMenuOpen(false), [pathname]);
  useEffect(() => {
    if (!menuOpen) return;
    sidebar.current?.querySelector<HTMLElement>("a[href], button")?.focus();
    function onKey(e: KeyboardEvent) {
      if (e.key !== "Escape") return;
      e.preventDefault();
      setMenuOpen(false);
      menuButton.current?.focus();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [menuOpen]);
  return (
    <CurrentUserProvider user={user}>
      <a href="#main-content" className="skip-link" onClick={skipToContent}>
        Skip to content
      </a>
      <div className="flex min-h-screen flex-col lg:flex-row">
        <header className="sticky top-0 z-30 flex items-center justify-between gap-2 border-b border-slate-200 bg-white px-4 py-2 lg:hidden">
          <Brand />
          <button
            ref={menuButton}
            type="button"
            className="btn"
            aria-expanded={menuOpen}
            aria-controls="app-sidebar"
            onClick={() => setMenuOpen((o) => !o)}
          >
            <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth={2}>
              {menuOpen ? <path d="M5 5l10 10M15 5L5 15" /> : <path d="M3 5h14M3 10h14M3 15h14" />}
            </svg>
            Menu
          </button>
        </header>
        {menuOpen && <div className="fixed inset-0 z-30 bg-slate-900/40 lg:hidden" aria-hidden onClick={() => setMenuOpen(false)} />}
        <aside
          id="app-sidebar"
          ref={sidebar}
          aria-label="Sidebar"
          onBlur={(e) => {
            if (menuOpen && !e.currentTarget.contains(e.relatedTarget as Node | null) && e.relatedTarget !== menuButton.current && e.relatedTarget) setMenuOpen(false);
          }}
          className={`${menuOpen ? "flex" : "hidden"} fixed inset-y-0 left-0 z-40 w-64 max-w-[85vw] flex-col overflow-y-auto border-r border-slate-200 bg-white shadow-xl lg:static lg:z-auto lg:flex lg:w-56 lg:max-w-none lg:shrink-0 lg:overflow-visible lg:shadow-none`}
        >
          <div className="px-4 py-4 text-lg font-bold tracking-tight">
            <Brand />
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
            <ThemeToggle />
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
        <main id="main-content" tabIndex={-1} className="min-w-0 flex-1 p-4 outline-none sm:p-6">
          {children}
        </main>
      </div>
    </CurrentUserProvider>
  );
}

/**
 * The skip link lands on the page's own content: the element a page marks with `data-skip-target` (the events
 * list, say, past its filters) when it is there, else the main region.
 */
function skipToContent(e: MouseEvent<HTMLAnchorElement>) {
  const target = document.querySelector<HTMLElement>("[data-skip-target]");
  if (!target) return;
  e.preventDefault();
  if (!target.hasAttribute("tabindex")) target.tabIndex = -1;
  target.focus();
}

function Brand() {
  return (
    <span className="text-lg font-bold tracking-tight">
      <span className="text-indigo-600" aria-hidden>
        ◆
      </span>{" "}
      Warden
    </span>
  );
}
