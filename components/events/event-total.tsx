"use client";
import type { EventCount } from "@/lib/events/schema";

const HOW: Record<EventCount["method"], string> = {
  rollup: "exact, from the hourly rollups",
  counted: "exact, counted",
  estimated: "estimated from the newest matches and the hourly rollups",
};

/** "1,234 matching events" — or "about 1.2 M", when the filter could only be estimated. */
export function EventTotal({ count }: { count: EventCount | undefined }) {
  if (!count) return <span data-testid="event-total">Counting matches…</span>;
  const n = count.total.toLocaleString("en-US");
  return (
    <span data-testid="event-total" data-exact={count.exact} title={HOW[count.method]}>
      {count.exact ? n : `about ${n}`} matching event{count.total === 1 ? "" : "s"}
    </span>
  );
}
