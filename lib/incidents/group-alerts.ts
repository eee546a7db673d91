// Alerts that share a cause and overlap in time form one incident. Pure: the caller passes the alerts
// (those already in an incident and the new ones) and what the traffic of the window looked like.
//
// Two alerts are related when their time spans overlap (within `gapMs`) and their subjects are the same
// (type and value) or nest: the calls one subject covers are all calls of the other — a tool inside its
// server, a team that only used that tool (or only that server's tools) in the window, a gateway that only
// serves one server, a user who only called that tool (or only that server's tools). What a subject covers
// comes from `usage`: the (server, tool, team, gateway) rows of the window's traffic (a team that also
// called other tools, or a server other teams also called, does not nest), and rows with a `user`: the
// pairs that user called. A user's calls are only part of each pair's, so a user nests in a subject but no
// subject nests in a user (nor one user in another). A subject the usage does not describe (a budget, a
// user without rows) is only related to alerts about the very same subject.
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
  /** Set: this user called the pair in the window. Unset: the pair had traffic in the window (any user). */
  user?: string | null;
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
    return !!sa && !!sb && (nests(sa, sb) || nests(sb, sa));
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

interface Scope {
  /** The (server, tool, team, gateway) pairs whose calls the subject covers. */
  pairs: Set<string>;
  /** Covers only some of each pair's calls (a user): it can nest in a subject, nothing nests in it. */
  partial: boolean;
}

/** Every call of `inner` is a call of `outer`. */
function nests(inner: Scope, outer: Scope): boolean {
  return !outer.partial && isSubset(inner.pairs, outer.pairs);
}

/** What each subject of the usage covers. */
function scopesOf(usage: IncidentUsageRow[]): Map<string, Scope> {
  const scopes = new Map<string, Scope>();
  const add = (type: string, value: string | null | undefined, pair: string, partial: boolean) => {
    if (!value) return;
    const k = `${type}\u0000${value}`;
    const s = scopes.get(k) ?? { pairs: new Set<string>(), partial };
    s.pairs.add(pair);
    scopes.set(k, s);
  };
  for (const u of usage) {
    const pair = `${u.server}\u0000${u.tool}\u0000${u.team ?? ""}\u0000${u.gateway ?? ""}`;
    if (u.user) {
      add("user", u.user, pair, true);
      continue;
    }
    add("tool", u.tool, pair, false);
    add("server", u.server, pair, false);
    add("team", u.team, pair, false);
    add("gateway", u.gateway, pair, false);
  }
  return scopes;
}

function isSubset(a: Set<string>, b: Set<string>): boolean {
  if (a.size > b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}
