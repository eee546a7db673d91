"use client";
import { formatTime } from "@/lib/time/format-time";
import { useTimeZone } from "@/components/ui/use-time-zone";
import { useEffect, useRef, useState } from "react";

export function formatRemaining(ms: number): string {
  if (ms <= 0) return "expired";
  const s = Math.ceil(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, "0")}m`;
  return `${m}:${String(sec).padStart(2, "0")}`;
}

/** Time left until a request expires, ticking every second; calls onExpire once when it reaches zero. */
export function ExpiryCountdown({ expiresAt, onExpire }: { expiresAt: string; onExpire?: () => void }) {
  const zone = useTimeZone();
  const deadline = new Date(expiresAt).getTime();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const left = deadline - now;
  const expired = left <= 0;
  const onExpireRef = useRef(onExpire);
  onExpireRef.current = onExpire;
  useEffect(() => {
    if (expired) onExpireRef.current?.();
  }, [expired]);
  const urgent = left < 60_000;
  return (
    <span className={`font-mono tabular-nums ${urgent ? "font-semibold text-red-700" : "text-slate-700"}`} title={`Expires ${formatTime({ value: expiresAt, zone, seconds: true, zoneName: true })}`}>
      {formatRemaining(left)}
    </span>
  );
}
