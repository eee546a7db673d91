import "server-only";
import { ApiError } from "../http/errors";
import type { MetricsQuery } from "./schema";
import { resolveWindow, WindowError, type TimeWindow } from "./time-window";

/**
 * The window of one chart request. `userDay`: the chart can read the per-user daily rollup, so a user filter
 * switches it to day buckets; charts that cannot leave it on the minute/hour rollups (and report the user
 * filter as ignored). "always": the chart reads the per-user rollup whatever the filters.
 */
export function windowFor(q: MetricsQuery, opts: { userDay: boolean | "always" }, now = new Date()): TimeWindow {
  try {
    return resolveWindow({ range: q.range, from: q.from, to: q.to, byUser: opts.userDay === "always" || (opts.userDay && q.user !== undefined) }, now);
  } catch (err) {
    if (err instanceof WindowError) throw new ApiError("invalid_request", err.message, { issues: [{ path: "range", message: err.message }] });
    throw err;
  }
}
