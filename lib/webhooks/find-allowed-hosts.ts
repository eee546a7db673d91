import "server-only";
import { db } from "../db";

/** GET /api/allowed-hosts */
export async function findAllowedHosts(): Promise<{ hosts: { host: string; createdAt: string }[] }> {
  const rows = await db().allowedWebhookHost.findMany({ orderBy: { host: "asc" } });
  return { hosts: rows.map((r) => ({ host: r.host, createdAt: r.createdAt.toISOString() })) };
}
