import "server-only";
import { db } from "../db";

/** GET /api/alerts/count: what the navigation badge shows. */
export async function countOpenAlerts(): Promise<{ open: number; acknowledged: number; critical: number }> {
  const rows = await db().alert.groupBy({ by: ["status", "severity"], where: { status: { in: ["open", "acknowledged"] } }, _count: { _all: true } });
  let open = 0;
  let acknowledged = 0;
  let critical = 0;
  for (const r of rows) {
    if (r.status === "open") {
      open += r._count._all;
      if (r.severity === "critical") critical += r._count._all;
    } else acknowledged += r._count._all;
  }
  return { open, acknowledged, critical };
}
