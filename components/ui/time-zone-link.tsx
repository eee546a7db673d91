"use client";
import Link from "next/link";
import { formatTime } from "@/lib/time/format-time";
import { useTimeZone } from "./use-time-zone";

/** The clock every page uses, named in the header, leading to /account where it is changed. */
export function TimeZoneLink({ className }: { className?: string }) {
  const zone = useTimeZone();
  const abbr = formatTime({ value: Date.now(), zone, style: "time", zoneName: true }).split(" ").slice(1).join(" ");
  return (
    <Link href="/account" className={className} data-testid="time-zone-link" title="Times are shown in this zone. Change it on Your account." suppressHydrationWarning>
      Times in {zone === "UTC" ? "UTC" : `${zone} (${abbr})`}
    </Link>
  );
}
