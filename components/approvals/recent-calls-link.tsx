"use client";
import Link from "next/link";
import type { RecentCall } from "@/lib/approvals/get-approval-detail";

/**
 * The requester's calls in the events explorer, filtered to them (`user`), over the window their recent
 * calls span: `range=custom` with absolute `from`/`to` (the explorer's URL contract, lib/metrics/url-range.ts),
 * from the oldest recent call (at most 30 days back) to a minute from now; the last 7 days when none.
 */
export function RecentCallsLink({ userId, recentCalls }: { userId: string; recentCalls: RecentCall[] }) {
  const now = Date.now();
  const oldest = recentCalls.reduce((min, c) => Math.min(min, Date.parse(c.ts)), now);
  const from = new Date(Math.max(Math.min(oldest - 60_000, now - 3_600_000), now - 30 * 86_400_000)).toISOString();
  const to = new Date(now + 60_000).toISOString();
  const href = recentCalls.length ? `/events?${new URLSearchParams({ user: userId, range: "custom", from, to })}` : `/events?${new URLSearchParams({ user: userId, range: "7d" })}`;
  return (
    <Link href={href} className="text-xs text-indigo-700 hover:underline" data-testid="recent-calls-link">
      All of this user&apos;s calls in the events explorer →
    </Link>
  );
}
