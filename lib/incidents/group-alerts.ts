// Alerts that share a cause and overlap in time form one incident. Pure: the caller passes the alerts
// (those already in an incident and the new ones) and what the traffic of the window looked like.
//
// Two alerts are related when their time spans overlap (within `gapMs`) and their subjects are the same
// (type and value) or nest: the calls one subject covers are all calls of the other — a tool inside its
// server, a team that only used that tool (or only that server's tools) in the window, a gateway that only
// serves one server. What a subject covers comes from `usage`: the (server, tool, team, gateway) rows of
// the window's traffic (a team that also called other tools, or a server other teams also called, does not
// nest). A subject the usage does not describe (a user, a budget) is only related to alerts
// about the very same subject.
//
// New alerts are grouped with each other and with the existing incidents, as connected components. A
// component that reaches no existing incident opens a new one; one that reaches some joins the earliest of
// them. Existing incidents are never merged (their notifications went out already).

export interface IncidentAlertFacts {
  id: string;
  subjectType: string;
  subjectValue: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  /** Set for an alert already in an incident; null/undefined for one to assign. */
  incidentId?: string | null;
}

export interface IncidentUsageRow {
  server: string;
  tool: string;
  team?: string | null;
  gateway?: string | null;
}

export interface GroupAlertsOptions {
  alerts: IncidentAlertFacts[];
  usage?: IncidentUsageRow[];
  /** How far apart two alerts' time spans may be and still overlap (default 15 minutes). */
  gapMs?: number;
}

export interface AlertGroup {
  /** The existing incident the alerts join, or null for a new incident. */
  incidentId: string | null;
  /** The new alerts of the group, earliest first. */
  alertIds: string[];
}

export const INCIDENT_GAP_MS = 15 * 60_000;

export function groupAlerts(opts: GroupAlertsOptions): AlertGroup[] {
  const gap = opts.gapMs ?? INCIDENT_GAP_MS;
  const scopes = scopesOf(opts.usage ?? []);
  const scopeOf = (a: IncidentAlertFacts) => scopes.get(`${a.subjectType}\u0000${a.subjectValue}`);
  const related = (a: IncidentAlertFacts, b: IncidentAlertFacts) => {
    if (a.firstSeenAt.getTime() > b.lastSeenAt.getTime() + gap || b.firstSeenAt.getTime() > a.lastSeenAt.getTime() + gap) return false;
    if (a.subjectType === b.subjectType && a.subjectValue === b.subjectValue) return true;
    const sa = scopeOf(a);
    const sb = scopeOf(b);
    return !!sa && !!sb && (isSubset(sa, sb) || isSubset(sb, sa));
  };

  const byTime = (x: IncidentAlertFacts, y: IncidentAlertFacts) => x.firstSeenAt.getTime() - y.firstSeenAt.getTime() || x.id.localeCompare(y.id);
  const fresh = opts.alerts.filter((a) => !a.incidentId).sort(byTime);
  const placed = opts.alerts.filter((a) => !!a.incidentId);
  const incidentStart = new Map<string, number>();
  for (const a of placed) {
    const t = a.firstSeenAt.getTime();
    incidentStart.set(a.incidentId!, Math.min(incidentStart.get(a.incidentId!) ?? t, t));
  }

  // Union-find over the new alerts; each component remembers the existing incidents it touches.
  const parent = fresh.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let i = 0; i < fresh.length; i++)
    for (let j = i + 1; j < fresh.length; j++) if (related(fresh[i], fresh[j])) parent[find(j)] = find(i);
  const touched = new Map<number, Set<string>>();
  fresh.forEach((a, i) => {
    for (const p of placed) {
      if (!related(a, p)) continue;
      const root = find(i);
      const set = touched.get(root) ?? new Set<string>();
      set.add(p.incidentId!);
      touched.set(root, set);
    }
  });

  const groups = new Map<number, AlertGroup>();
  fresh.forEach((a, i) => {
    const root = find(i);
    let g = groups.get(root);
    if (!g) {
      const incidents = [...(touched.get(root) ?? [])].sort((x, y) => incidentStart.get(x)! - incidentStart.get(y)! || x.localeCompare(y));
      g = { incidentId: incidents[0] ?? null, alertIds: [] };
      groups.set(root, g);
    }
    g.alertIds.push(a.id);
  });
  return [...groups.values()];
}

/** The traffic (server × tool × team × gateway rows) each subject of the usage covers. */
function scopesOf(usage: IncidentUsageRow[]): Map<string, Set<string>> {
  const scopes = new Map<string, Set<string>>();
  const add = (type: string, value: string | null | undefined, pair: string) => {
    if (!value) return;
    const k = `${type}\u0000${value}`;
    const s = scopes.get(k) ?? new Set<string>();
    s.add(pair);
    scopes.set(k, s);
  };
  for (const u of usage) {
    const pair = `${u.server}\u0000${u.tool}\u0000${u.team ?? ""}\u0000${u.gateway ?? ""}`;
    add("tool", u.tool, pair);
    add("server", u.server, pair);
    add("team", u.team, pair);
    add("gateway", u.gateway, pair);
  }
  return scopes;
}

function isSubset(a: Set<string>, b: Set<string>): boolean {
  if (a.size > b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}
