"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { io } from "socket.io-client";
import type { ChangeMessage } from "./topics";

export type LiveStatus = "connecting" | "live" | "reconnecting" | "offline";

type Listener = (msg: ChangeMessage) => void;
const listeners = new Set<Listener>();

/** Lets a component react to raw change messages (e.g. a live tail), beyond query invalidation. */
export function onLiveChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

type NoticeListener = (notice: unknown) => void;
const noticeListeners = new Set<NoticeListener>();

/** Lets a component hear this user's own notices (e.g. a new request for their team: components/account/browser-notifier.tsx). */
export function onLiveNotice(listener: NoticeListener): () => void {
  noticeListeners.add(listener);
  return () => noticeListeners.delete(listener);
}

/**
 * One socket per tab. Sockets notify, TanStack Query fetches: a change on topic T invalidates every
 * query whose key starts with T; on reconnect everything is invalidated (we may have missed messages).
 */
export function useLiveInvalidation(): LiveStatus {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>("connecting");
  useEffect(() => {
    const socket = io({ path: "/socket.io", transports: ["websocket", "polling"], withCredentials: true });
    let everConnected = false;
    socket.on("connect", () => {
      if (everConnected) void queryClient.invalidateQueries();
      everConnected = true;
      setStatus("live");
    });
    socket.on("disconnect", () => setStatus("reconnecting"));
    socket.on("connect_error", () => setStatus(everConnected ? "reconnecting" : "offline"));
    socket.on("approval-notice", (notice: unknown) => {
      for (const l of noticeListeners) l(notice);
    });
    socket.on("change", (msg: ChangeMessage) => {
      void queryClient.invalidateQueries({ queryKey: [msg.topic] });
      for (const l of listeners) l(msg);
    });
    return () => {
      socket.close();
    };
  }, [queryClient]);
  return status;
}
