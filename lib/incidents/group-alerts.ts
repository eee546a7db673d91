// Alerts that share a cause and overlap in time form one incident. Pure: the caller passes the alerts
// (those already in an incident and the new ones) and what the traffic of the window looked like.
//
// Two alerts are related when their time spans overlap (within `gapMs`) and their subjects are the same
// (type and value), nest, or lie on the same server:
// - nest: the calls one subject covers are all calls of the other — a tool inside its server, a team that
//   only used that tool (or only that server's tools) in the window, a gateway that only serves one server,
//   a user who only called that tool (or only that server's tools). A user whose alert's measure (its calls,
//   errors, spend or call time) came mostly (more than half) from a subject's calls in the window is covered
//   by that subject too: the user's error spike is the failing tool's errors, though the user also called
//   other tools that worked.
// - same server: both are covered by one server (two tools of a failing server, a user who only called
//   that server's tools beside one of its tools).
// What a subject covers comes from `usage`: the (server, tool, team, gateway) rows of the window's traffic
// (a team that also called other tools, or a server other teams also called, does not nest), and rows with
// a `user`: the pairs that user called, with their measures. A user's calls are only part of each pair's, so
// a user nests in a subject but no subject nests in a user (nor one user in another). A subject the usage
// does not describe (a budget, a user without rows) is only related to alerts about the very same subject.
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
  /** What the alert measures (incidentMeasureOf its kind); null when it is not a quantity of calls. */
  measure?: IncidentMeasure | null;
}

export type IncidentMeasure = "calls" | "errors" | "costUsd" | "durationMs";

/** The measure an alert kind is about: anomaly.<metric> and the threshold rules of the same quantity. */
export function incidentMeasureOf(kind: string): IncidentMeasure | null {
  const k = kind.startsWith("anomaly.") ? kind.slice("anomaly.".length) : kind;
  if (k === "calls") return "calls";
  if (k === "error_rate") return "errors";
  if (k === "cost" || k === "spend") return "costUsd";
  if (k === "latency") return "durationMs";
  return null;
}

export interface IncidentUsageRow {
  server: string;
  tool: string;
  team?: string | null;
  gateway?: string | null;
  /** Set: this user called the pair in the window. Unset: the pair had traffic in the window (any user). */
  user?: string | null;
  /** A user's row: its calls of the pair in the window, and their errors, spend and call time. */
  calls?: number;
  errors?: number;
  costUsd?: number;
  durationMs?: number;
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
  const servers = [...scopes].filter(([k]) => k.startsWith("server\u0000")).map(([k, s]) => [k.slice("server\u0000".length), s] as const);
  const scopeOf = (a: IncidentAlertFacts) => scopes.get(`${a.subjectType}\u0000${a.subjectValue}`);
  // The servers that cover each alert's subject (a server covers itself).
  const serversOf = new Map<IncidentAlertFacts, Set<string>>();
  for (const a of opts.alerts) {
    const sa = scopeOf(a);
    serversOf.set(a, new Set(sa ? servers.filter(([name, s]) => (a.subjectType === "server" && a.subjectValue === name) || covers(s, sa, a.measure)).map(([name]) => name) : []));
  }
  const related = (a: IncidentAlertFacts, b: IncidentAlertFacts) => {
    if (a.firstSeenAt.getTime() > b.lastSeenAt.getTime() + gap || b.firstSeenAt.getTime() > a.lastSeenAt.getTime() + gap) return false;
    if (a.subjectType === b.subjectType && a.subjectValue === b.subjectValue) return true;
    const sa = scopeOf(a);
    const sb = scopeOf(b);
    if (!sa || !sb) return false;
    if (covers(sb, sa, a.measure) || covers(sa, sb, b.measure)) return true;
    const xs = serversOf.get(b)!;
    for (const x of serversOf.get(a)!) if (xs.has(x)) return true;
    return false;
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

type Measures = Record<IncidentMeasure, number>;

interface Scope {
  /** The (server, tool, team, gateway) pairs whose calls the subject covers. */
  pairs: Set<string>;
  /** Covers only some of each pair's calls (a user): it can nest in a subject, nothing nests in it. */
  partial: boolean;
  /** A user's measures by pair. */
  measures: Map<string, Measures>;
}

/** Every call of `inner` is a call of `outer`; or `inner` is a user whose `measure` came mostly from `outer`'s calls. */
function covers(outer: Scope, inner: Scope, measure: IncidentMeasure | null | undefined): boolean {
  if (outer.partial) return false;
  if (isSubset(inner.pairs, outer.pairs)) return true;
  if (!inner.partial || !measure) return false;
  let part = 0;
  let total = 0;
  for (const [pair, m] of inner.measures) {
    total += m[measure];
    if (outer.pairs.has(pair)) part += m[measure];
  }
  return total > 0 && part > total / 2;
}

/** What each subject of the usage covers. */
function scopesOf(usage: IncidentUsageRow[]): Map<string, Scope> {
  const scopes = new Map<string, Scope>();
  const add = (type: string, value: string | null | undefined, pair: string, partial: boolean) => {
    if (!value) return undefined;
    const k = `${type}\u0000${value}`;
    const s = scopes.get(k) ?? { pairs: new Set<string>(), partial, measures: new Map<string, Measures>() };
    s.pairs.add(pair);
    scopes.set(k, s);
    return s;
  };
  for (const u of usage) {
    const pair = `${u.server}\u0000${u.tool}\u0000${u.team ?? ""}\u0000${u.gateway ?? ""}`;
    if (u.user) {
      const s = add("user", u.user, pair, true)!;
      const m = s.measures.get(pair) ?? { calls: 0, errors: 0, costUsd: 0, durationMs: 0 };
      m.calls += u.calls ?? 0;
      m.errors += u.errors ?? 0;
      m.costUsd += u.costUsd ?? 0;
      m.durationMs += u.durationMs ?? 0;
      s.measures.set(pair, m);
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
