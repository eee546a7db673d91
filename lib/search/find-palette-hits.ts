import "server-only";
import { Prisma } from "../generated/prisma/client";
import { db } from "../db";
import { NAV_ITEMS, SUB_PAGES, canOpen } from "../auth/nav";
import type { Permission } from "../auth/permissions";
import { containsPattern } from "../events/like-pattern";
import type { SearchHit } from "./schema";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LIMIT = 5;

/**
 * What the command palette offers for `q`, limited to what the user's role can open: pages by name; an event
 * or an approval by its id (the event's time comes from event_claims, so the lookup reads one partition); tools
 * from the inventory and users (accounts and the user ids gateways report, last 30 days), each opening the
 * events explorer filtered to it.
 */
export async function findPaletteHits(opts: { q: string; roles: readonly string[]; permissions: readonly Permission[] }): Promise<SearchHit[]> {
  const q = opts.q.trim();
  const can = (p: Permission) => opts.permissions.includes(p);
  const lower = q.toLowerCase();
  const pages: SearchHit[] = [...NAV_ITEMS, ...SUB_PAGES]
    .filter((p) => canOpen(opts.roles, p) && p.label.toLowerCase().includes(lower))
    .map((p) => ({ kind: "page", label: p.label, href: p.href }));

  if (UUID.test(q)) {
    const id = q.toLowerCase();
    const [claim, approval] = await Promise.all([
      can("events:read") ? db().eventClaim.findUnique({ where: { id } }) : null,
      can("approvals:read") ? db().approval.findUnique({ where: { id }, select: { id: true, server: true, tool: true, userId: true, status: true } }) : null,
    ]);
    const hits: SearchHit[] = [];
    if (claim) hits.push({ kind: "event", label: `Event ${id}`, detail: claim.ts.toISOString(), href: eventHref(id, claim.ts) });
    if (approval) {
      const tab = approval.status === "pending" ? "" : "tab=history&";
      hits.push({ kind: "approval", label: `Approval of ${approval.server}/${approval.tool}`, detail: `${approval.userId} · ${approval.status}`, href: `/approvals?${tab}id=${approval.id}` });
    }
    return [...hits, ...pages];
  }

  const pattern = containsPattern(q);
  const [tools, accounts, callers] = await Promise.all([
    can("events:read") || can("inventory:read")
      ? db().inventoryTool.findMany({ where: { name: { contains: q, mode: "insensitive" } }, select: { id: true, server: true, name: true }, orderBy: { lastSeenAt: "desc" }, take: LIMIT })
      : [],
    can("users:read") ? db().user.findMany({ where: { email: { contains: q, mode: "insensitive" } }, select: { email: true }, take: LIMIT }) : [],
    can("events:read")
      ? db().$queryRaw<{ user_id: string }[]>(Prisma.sql`
          SELECT DISTINCT user_id FROM rollup_user_day
          WHERE day >= (now() - interval '30 days')::date AND user_id ILIKE ${pattern} ESCAPE '\\'
          ORDER BY user_id LIMIT ${LIMIT}`)
      : [],
  ]);
  const toolHits: SearchHit[] = tools.map((t) => ({
    kind: "tool",
    label: t.name,
    detail: t.server,
    href: can("events:read") ? `/events?${new URLSearchParams({ server: t.server, tool: t.name })}` : `/tools/${t.id}`,
  }));
  const userIds = [...new Set([...callers.map((c) => c.user_id), ...(can("events:read") ? accounts.map((a) => a.email) : [])])].slice(0, LIMIT);
  const userHits: SearchHit[] = can("events:read")
    ? userIds.map((u) => ({ kind: "user", label: u, detail: "events of this user", href: `/events?${new URLSearchParams({ user: u })}` }))
    : accounts.map((a) => ({ kind: "user", label: a.email, detail: "account", href: `/settings/users?${new URLSearchParams({ q: a.email })}` }));
  return [...pages, ...toolHits, ...userHits];
}

/** The explorer around the event's time, with the event open. */
function eventHref(id: string, ts: Date): string {
  const from = new Date(ts.getTime() - 3600_000).toISOString();
  const to = new Date(ts.getTime() + 3600_000).toISOString();
  return `/events?${new URLSearchParams({ range: "custom", from, to, event: id, at: ts.toISOString() })}`;
}
