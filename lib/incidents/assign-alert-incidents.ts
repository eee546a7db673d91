import "server-only";
import { Prisma } from "../generated/prisma/client";
import { SEVERITY_RANK, type Severity } from "../alerts/schema";
import { groupAlerts, incidentMeasureOf, INCIDENT_GAP_MS, type IncidentAlertFacts, type IncidentUsageRow } from "./group-alerts";
import { queryRows, type IncidentQueryable } from "./query-rows";

// Puts newly opened alerts into incidents, inside the transaction that opened them: each joins the open
// incident it shares a cause with (groupAlerts) or opens a new one. Serialized by a transaction-level
// advisory lock, so two transactions raising related alerts at once do not open two incidents.
// The traffic the nesting is judged on, from USAGE_WINDOW_MS before the earliest new alert: the rollup rows
// (server, tool, team, gateway), and for the users the alerts name, which of those pairs each user called
// (calls, errors, spend, call time). No rollup has both a user and a tool, so these come from their events
// of the window through the (user_id, ts) index, at most MAX_USER_EVENTS per user: a user with more (a
// runaway agent) is left without rows (it then relates only to alerts about itself) rather than judged on
// part of its calls.

const USAGE_WINDOW_MS = 30 * 60_000;
const MAX_USER_EVENTS = 20_000;

export interface AssignAlertIncidentsResult {
  incidents: { id: string; opened: boolean; alertIds: string[] }[];
}

interface AlertRow {
  id: string;
  subject_type: string;
  subject_value: string;
  first_seen_at: Date;
  last_seen_at: Date;
  incident_id: string | null;
  severity: Severity;
  title: string;
  kind: string;
}

export async function assignAlertIncidents(
  q: IncidentQueryable,
  opts: { alertIds: string[]; now: Date },
): Promise<AssignAlertIncidentsResult> {
  if (!opts.alertIds.length) return { incidents: [] };
  await queryRows(q, Prisma.sql`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext('warden.incidents'))) AS l`);
  const cols = Prisma.sql`id::text AS id, subject_type, subject_value, first_seen_at, last_seen_at, incident_id::text AS incident_id, severity::text AS severity, title, kind`;
  const fresh = await queryRows<AlertRow>(q, Prisma.sql`SELECT ${cols} FROM alerts WHERE id = ANY(${opts.alertIds}::uuid[]) AND incident_id IS NULL`);
  if (!fresh.length) return { incidents: [] };
  const from = new Date(Math.min(...fresh.map((a) => new Date(a.first_seen_at).getTime())));
  const placed = await queryRows<AlertRow>(
    q,
    Prisma.sql`SELECT ${cols} FROM alerts WHERE incident_id IS NOT NULL AND last_seen_at >= ${new Date(from.getTime() - INCIDENT_GAP_MS)}`,
  );
  const windowFrom = new Date(from.getTime() - USAGE_WINDOW_MS);
  const usage = await queryRows<{ server: string; tool: string; team: string; gateway: string }>(
    q,
    Prisma.sql`SELECT DISTINCT server, tool, team, gateway_id::text AS gateway FROM rollup_minute
      WHERE bucket >= ${windowFrom} AND bucket <= ${opts.now}`,
  );
  const users = [...new Set([...placed, ...fresh].filter((a) => a.subject_type === "user").map((a) => a.subject_value))];
  const userUsage = users.length ? await findUserUsage(q, { users, from: windowFrom, to: opts.now }) : [];
  const facts = (a: AlertRow): IncidentAlertFacts => ({
    id: a.id,
    subjectType: a.subject_type,
    subjectValue: a.subject_value,
    firstSeenAt: new Date(a.first_seen_at),
    lastSeenAt: new Date(a.last_seen_at),
    incidentId: a.incident_id,
    measure: incidentMeasureOf(a.kind),
  });
  const groups = groupAlerts({
    alerts: [...placed.map(facts), ...fresh.map(facts)],
    usage: [...usage.map((u) => ({ server: u.server, tool: u.tool, team: u.team || null, gateway: u.gateway })), ...userUsage],
  });

  const byId = new Map(fresh.map((a) => [a.id, a]));
  const result: AssignAlertIncidentsResult = { incidents: [] };
  for (const g of groups) {
    const members = g.alertIds.map((id) => byId.get(id)!);
    const severity = members.reduce<Severity>((s, a) => (SEVERITY_RANK[a.severity] > SEVERITY_RANK[s] ? a.severity : s), "info");
    let id = g.incidentId;
    if (id) {
      await queryRows(
        q,
        Prisma.sql`UPDATE incidents SET severity = GREATEST(severity, ${severity}::"AlertSeverity") WHERE id = ${id}::uuid RETURNING id::text AS id`,
      );
    } else {
      const first = members[0];
      const [row] = await queryRows<{ id: string }>(
        q,
        Prisma.sql`INSERT INTO incidents (id, title, severity, first_seen_at)
          VALUES (gen_random_uuid(), ${first.title}, ${severity}::"AlertSeverity", ${new Date(first.first_seen_at)}) RETURNING id::text AS id`,
      );
      id = row.id;
    }
    await queryRows(q, Prisma.sql`UPDATE alerts SET incident_id = ${id}::uuid WHERE id = ANY(${g.alertIds}::uuid[]) RETURNING id::text AS id`);
    result.incidents.push({ id, opened: !g.incidentId, alertIds: g.alertIds });
  }
  return result;
}

/** The (server, tool, team, gateway) pairs each user called in [from, to], with their measures; none for a user with more than MAX_USER_EVENTS events. */
async function findUserUsage(q: IncidentQueryable, opts: { users: string[]; from: Date; to: Date }): Promise<IncidentUsageRow[]> {
  const rows = await queryRows<{ user: string; server: string; tool: string; team: string; gateway: string; calls: number; errors: number; cost_usd: number; duration_ms: number }>(
    q,
    Prisma.sql`SELECT u.id AS "user", e.server, e.tool, coalesce(e.team, '') AS team, e.gateway_id::text AS gateway, count(*)::int AS calls,
        (count(*) FILTER (WHERE e.status = 'error'))::int AS errors, coalesce(sum(e.cost_usd), 0)::float8 AS cost_usd, coalesce(sum(e.duration_ms), 0)::float8 AS duration_ms
      FROM unnest(${opts.users}::text[]) AS u(id)
      CROSS JOIN LATERAL (
        SELECT server, tool, team, gateway_id, status, cost_usd, duration_ms FROM events
        WHERE user_id = u.id AND ts >= ${opts.from} AND ts <= ${opts.to}
        LIMIT ${MAX_USER_EVENTS + 1}
      ) AS e
      GROUP BY 1, 2, 3, 4, 5`,
  );
  const total = new Map<string, number>();
  for (const r of rows) total.set(r.user, (total.get(r.user) ?? 0) + r.calls);
  return rows
    .filter((r) => total.get(r.user)! <= MAX_USER_EVENTS)
    .map((r) => ({
      server: r.server,
      tool: r.tool,
      team: r.team || null,
      gateway: r.gateway,
      user: r.user,
      calls: r.calls,
      errors: r.errors,
      costUsd: Number(r.cost_usd),
      durationMs: Number(r.duration_ms),
    }));
}
