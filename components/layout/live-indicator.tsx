"use client";
import type { LiveStatus } from "@/lib/realtime/use-live-invalidation";

const STYLES: Record<LiveStatus, { dot: string; text: string }> = {
  live: { dot: "bg-emerald-500", text: "Live" },
  connecting: { dot: "bg-amber-400", text: "Connecting…" },
  reconnecting: { dot: "bg-amber-500", text: "Reconnecting…" },
  offline: { dot: "bg-slate-400", text: "Offline (polling)" },
};

export function LiveIndicator({ status }: { status: LiveStatus }) {
  const s = STYLES[status];
  return (
    <div className="flex items-center gap-2" data-testid="live-indicator" data-status={status} aria-live="polite">
      <span className={`inline-block h-2 w-2 rounded-full ${s.dot}`} aria-hidden />
      {s.text}
    </div>
  );
}
