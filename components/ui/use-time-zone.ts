"use client";
import { useSyncExternalStore } from "react";
import { useTimeZoneSetting } from "@/components/layout/current-user";

// The viewer's zone for formatTime: their setting on /account, else the browser's. The server does not
// know the browser's zone, so a page rendered there (and its hydration) uses UTC and switches to the
// browser's zone right after; a person who picked a zone sees it from the first paint.

const subscribe = () => () => {};
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
const serverZone = () => "UTC";

/** The browser's own zone (UTC while rendering on the server). */
export function useBrowserTimeZone(): string {
  return useSyncExternalStore(subscribe, browserZone, serverZone);
}

export function useTimeZone(): string {
  const setting = useTimeZoneSetting();
  const browser = useBrowserTimeZone();
  return setting && setting !== "browser" ? setting : browser;
}
