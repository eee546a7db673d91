"use client";
import { createContext, useContext, type ReactNode } from "react";
import type { Permission } from "@/lib/auth/permissions";

export interface ClientUser {
  email: string;
  name: string | null;
  roles: string[];
  permissions: Permission[];
  /** Their time-zone setting: an IANA zone, or null to follow the browser (components/ui/use-time-zone.ts). */
  timeZone?: string | null;
}

const Ctx = createContext<ClientUser | null>(null);

export function CurrentUserProvider({ user, children }: { user: ClientUser; children: ReactNode }) {
  return <Ctx.Provider value={user}>{children}</Ctx.Provider>;
}

/** The signed-in user on the client, for showing or hiding controls (the server checks again). */
export function useCurrentUser(): ClientUser {
  const user = useContext(Ctx);
  if (!user) throw new Error("useCurrentUser outside the dashboard");
  return user;
}

/** The signed-in user's time-zone setting, or null (none, or outside the dashboard). */
export function useTimeZoneSetting(): string | null {
  return useContext(Ctx)?.timeZone ?? null;
}

export function useCan(permission: Permission): boolean {
  return useCurrentUser().permissions.includes(permission);
}
