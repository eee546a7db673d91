"use client";
import { useEffect } from "react";
import { onLiveNotice } from "@/lib/realtime/use-live-invalidation";

interface Notice {
  kind: string;
  title: string;
  body: string;
  url: string;
}

/**
 * Shows the reviewer's request notices (sent to their own socket room, lib/notifications/notify-reviewers.ts)
 * as browser notifications while this tab is in the background and the browser allows it. A click brings
 * the tab forward on the request. Mounted once in the app shell.
 */
export function BrowserNotifier() {
  useEffect(
    () =>
      onLiveNotice((raw) => {
        const n = raw as Notice;
        if (typeof Notification === "undefined" || Notification.permission !== "granted" || document.visibilityState === "visible") return;
        const shown = new Notification(n.title, { body: n.body, tag: `${n.kind}:${n.url}` });
        shown.onclick = () => {
          window.focus();
          const url = new URL(n.url, window.location.origin);
          if (url.origin === window.location.origin) window.location.assign(url.pathname + url.search);
          shown.close();
        };
      }),
    [],
  );
  return null;
}
