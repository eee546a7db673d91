"use client";
import { useCan } from "@/components/layout/current-user";
import { useOpenAlertsCount } from "./use-alert-queries";

// Open alerts count in the navigation, for people who may see alerts. Live: every alerts change message
// refetches it. Red when one of them is critical.
export function OpenAlertsBadge() {
  const allowed = useCan("alerts:read");
  const count = useOpenAlertsCount(allowed);
  const n = count.data?.open ?? 0;
  if (!allowed || n === 0) return null;
  const critical = (count.data?.critical ?? 0) > 0;
  return (
    <span
      className={`rounded-full px-2 py-0.5 text-xs font-semibold text-white ${critical ? "bg-red-600" : "bg-amber-500"}`}
      data-testid="open-alerts-badge"
      aria-label={`${n} open alert${n === 1 ? "" : "s"}`}
    >
      {n > 99 ? "99+" : n}
    </span>
  );
}
