"use client";
import { formatTime, type TimeStyle } from "@/lib/time/format-time";
import { useTimeZone } from "./use-time-zone";

/**
 * A moment in the one clock, as a machine-readable <time dateTime="…Z">. The text follows the viewer's
 * zone (useTimeZone); the tooltip gives it to the second with its zone, and in UTC.
 */
export function TimeText({
  value,
  style = "datetime",
  seconds,
  zoneName,
  className,
  testId,
}: {
  value: Date | string | number | null | undefined;
  style?: TimeStyle;
  seconds?: boolean;
  zoneName?: boolean;
  className?: string;
  testId?: string;
}) {
  const zone = useTimeZone();
  const at = value === null || value === undefined || value === "" ? null : new Date(value);
  if (!at || Number.isNaN(at.getTime())) return <span className={className} data-testid={testId}>—</span>;
  const full = formatTime({ value: at, zone, seconds: true, zoneName: true });
  const title = zone === "UTC" ? full : `${full} · ${formatTime({ value: at, zone: "UTC", seconds: true, zoneName: true })}`;
  return (
    <time dateTime={at.toISOString()} title={title} className={className} data-testid={testId} suppressHydrationWarning>
      {formatTime({ value: at, zone, style, seconds, zoneName })}
    </time>
  );
}
