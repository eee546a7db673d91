// Synthetic traffic for the anomaly evaluation (`npm run eval:anomalies`), deterministic from a seed:
// users in teams behind gateways, working in bursty sessions with a daily rhythm that depends on their
// region and a weekly one (quiet weekends), a few service accounts running steadily, tools with their
// own error rates, latencies and prices — and labelled incidents injected into that traffic.
import { latencyBucketOf } from "../../metrics/latency-buckets";
import { gaussian, poisson, seededRandom } from "../stats";

export const MINUTE_MS = 60_000;
export const DAY_MINUTES = 1440;

export interface ToolSpec {
  server: string;
  tool: string;
  errorRate: number;
  latencyMs: number;
  costUsd: number;
  flag?: { name: string; p: number };
}

export const TOOLS: ToolSpec[] = [
  { server: "github", tool: "github.search_code", errorRate: 0.01, latencyMs: 400, costUsd: 0 },
  { server: "github", tool: "github.get_file", errorRate: 0.01, latencyMs: 150, costUsd: 0 },
  { server: "github", tool: "github.create_pr", errorRate: 0.03, latencyMs: 900, costUsd: 0 },
  { server: "jira", tool: "jira.search", errorRate: 0.02, latencyMs: 300, costUsd: 0 },
  { server: "jira", tool: "jira.create_issue", errorRate: 0.02, latencyMs: 500, costUsd: 0 },
  { server: "slack", tool: "slack.post_message", errorRate: 0.005, latencyMs: 120, costUsd: 0 },
  { server: "slack", tool: "slack.search", errorRate: 0.01, latencyMs: 250, costUsd: 0 },
  { server: "postgres", tool: "db.query", errorRate: 0.02, latencyMs: 80, costUsd: 0 },
  { server: "postgres", tool: "db.describe", errorRate: 0.005, latencyMs: 40, costUsd: 0 },
  { server: "fs", tool: "fs.read_file", errorRate: 0.01, latencyMs: 20, costUsd: 0 },
  { server: "fs", tool: "fs.write_file", errorRate: 0.015, latencyMs: 30, costUsd: 0 },
  { server: "fs", tool: "fs.list_dir", errorRate: 0.005, latencyMs: 15, costUsd: 0 },
  { server: "web", tool: "web.fetch", errorRate: 0.04, latencyMs: 700, costUsd: 0.0005, flag: { name: "external_content", p: 0.2 } },
  { server: "web", tool: "web.search", errorRate: 0.02, latencyMs: 600, costUsd: 0.005 },
  { server: "llm", tool: "llm.summarize", errorRate: 0.01, latencyMs: 1500, costUsd: 0.03 },
  { server: "llm", tool: "llm.embed", errorRate: 0.005, latencyMs: 200, costUsd: 0.002 },
  { server: "email", tool: "email.send", errorRate: 0.01, latencyMs: 350, costUsd: 0, flag: { name: "pii", p: 0.03 } },
];

export const GATEWAYS = [
  { id: "00000000-0000-4000-8000-0000000000e1", name: "gw-eu" },
  { id: "00000000-0000-4000-8000-0000000000a1", name: "gw-us" },
  { id: "00000000-0000-4000-8000-0000000000d1", name: "gw-dev" },
];

const TEAMS = ["platform", "data", "support", "sales", "security"];

export interface UserSpec {
  id: string;
  team: string;
  gatewayId: string;
  /** Calls on an ordinary weekday. */
  level: number;
  /** UTC hour of the middle of their working day. */
  peakHour: number;
  /** Steady service account (no sessions, no weekends off). */
  service: boolean;
  tools: { tool: ToolSpec; w: number }[];
}

/** One tool call of the synthetic traffic. */
export interface SyntheticCall {
  minute: number;
  userId: string;
  team: string;
  gatewayId: string;
  server: string;
  tool: string;
  error: boolean;
  durationMs: number;
  costUsd: number;
  flags: string[];
  params?: Record<string, unknown>;
  /** Set on calls an incident added or changed. */
  incident?: string;
}

export interface Incident {
  id: string;
  kind: string;
  description: string;
  /** Minutes from the start of the data. */
  start: number;
  end: number;
  /** Subjects an alert may name and still count as this incident, besides those of the calls it touched. */
  subjects: string[];
  /** What an alert about it measures: anomaly metrics (calls, error_rate, cost, latency) or rule kinds. */
  metrics: string[];
  /** What to do to the traffic of one minute. */
  apply: (minute: number, calls: SyntheticCall[], rand: () => number) => SyntheticCall[];
}

export function makeUsers(seed: number, count: number): UserSpec[] {
  const rand = seededRandom(seed);
  const users: UserSpec[] = [];
  for (let i = 0; i < count; i++) {
    const gw = i % 10 === 9 ? GATEWAYS[2] : i % 2 === 0 ? GATEWAYS[0] : GATEWAYS[1];
    const picks = [...TOOLS].sort(() => rand() - 0.5).slice(0, 4 + Math.floor(rand() * 6));
    users.push({
      id: `u${String(i + 1).padStart(3, "0")}`,
      team: TEAMS[i % TEAMS.length],
      gatewayId: gw.id,
      level: Math.round(80 + 500 * rand() ** 2),
      peakHour: gw.name === "gw-us" ? 18 : 13,
      service: false,
      tools: picks.map((tool) => ({ tool, w: 0.2 + rand() })),
    });
  }
  const svc = (id: string, team: string, level: number, names: string[]): UserSpec => ({
    id,
    team,
    gatewayId: GATEWAYS[0].id,
    level,
    peakHour: 12,
    service: true,
    tools: names.map((n) => ({ tool: TOOLS.find((t) => t.tool === n)!, w: 1 })),
  });
  users.push(svc("svc-indexer", "data", 4000, ["github.get_file", "llm.embed", "fs.read_file"]));
  users.push(svc("svc-reporter", "data", 1500, ["db.query", "db.describe", "llm.summarize"]));
  users.push({ ...svc("svc-notifier", "support", 1200, ["email.send", "slack.post_message"]), gatewayId: GATEWAYS[1].id });
  return users;
}

/** 0…1 activity of a person at a UTC minute of the day (working hours around peakHour, a low night). */
export function dailyShape(minuteOfDay: number, peakHour: number): number {
  const h = minuteOfDay / 60;
  const d = Math.min(Math.abs(h - peakHour), 24 - Math.abs(h - peakHour));
  return 0.04 + Math.exp(-((d / 3.2) ** 2));
}

const SESSION_MINUTES = 12;
const SESSION_RATE = 1.5;

export class TrafficGenerator {
  private readonly rand: () => number;
  private readonly session = new Map<string, { left: number; intensity: number }>();
  private readonly dayFactor = new Map<string, number>();
  private readonly shapeSum = new Map<number, number>();
  private paramsSeq = 0;

  constructor(
    readonly users: UserSpec[],
    readonly incidents: Incident[],
    seed: number,
  ) {
    this.rand = seededRandom(seed);
  }

  private shapeTotal(peakHour: number): number {
    let s = this.shapeSum.get(peakHour);
    if (s === undefined) {
      s = 0;
      for (let m = 0; m < DAY_MINUTES; m++) s += dailyShape(m, peakHour);
      this.shapeSum.set(peakHour, s);
    }
    return s;
  }

  private factorOf(user: UserSpec, day: number): number {
    const key = `${user.id}:${day}`;
    let f = this.dayFactor.get(key);
    if (f === undefined) {
      f = Math.exp(0.3 * gaussian(this.rand));
      if (this.dayFactor.size > 50_000) this.dayFactor.clear();
      this.dayFactor.set(key, f);
    }
    return f;
  }

  /** The calls of one minute (minute 0 = Monday 00:00 of the first day), incidents applied. */
  callsAt(minute: number): SyntheticCall[] {
    const day = Math.floor(minute / DAY_MINUTES);
    const weekend = day % 7 >= 5;
    const mod = minute % DAY_MINUTES;
    let calls: SyntheticCall[] = [];
    for (const u of this.users) {
      let n: number;
      if (u.service) {
        const rate = (u.level / DAY_MINUTES) * (0.7 + 0.3 * dailyShape(mod, u.peakHour) * 2);
        n = poisson(this.rand, rate);
      } else {
        const expectedPerDay = u.level * this.factorOf(u, day) * (weekend ? 0.2 : 1);
        const s = this.session.get(u.id);
        if (s && s.left > 0) {
          s.left--;
          n = poisson(this.rand, s.intensity);
        } else {
          const pStart = (expectedPerDay * dailyShape(mod, u.peakHour)) / this.shapeTotal(u.peakHour) / (SESSION_MINUTES * SESSION_RATE);
          n = 0;
          if (this.rand() < pStart) {
            const len = Math.max(1, Math.round(-Math.log(Math.max(this.rand(), 1e-9)) * SESSION_MINUTES));
            this.session.set(u.id, { left: len - 1, intensity: SESSION_RATE * (0.5 + this.rand()) });
            n = poisson(this.rand, SESSION_RATE);
          }
        }
      }
      for (let i = 0; i < n; i++) calls.push(this.call(minute, u, this.pickTool(u)));
    }
    for (const inc of this.incidents) if (minute >= inc.start && minute < inc.end) calls = inc.apply(minute, calls, this.rand);
    return calls;
  }

  private pickTool(u: UserSpec): ToolSpec {
    const total = u.tools.reduce((a, t) => a + t.w, 0);
    let r = this.rand() * total;
    for (const t of u.tools) if ((r -= t.w) <= 0) return t.tool;
    return u.tools[u.tools.length - 1].tool;
  }

  /** A normal call of `user` to `tool` at `minute`. */
  call(minute: number, u: Pick<UserSpec, "id" | "team" | "gatewayId">, t: ToolSpec): SyntheticCall {
    const flags = t.flag && this.rand() < t.flag.p ? [t.flag.name] : [];
    const c: SyntheticCall = {
      minute,
      userId: u.id,
      team: u.team,
      gatewayId: u.gatewayId,
      server: t.server,
      tool: t.tool,
      error: this.rand() < t.errorRate,
      durationMs: Math.max(1, Math.round(t.latencyMs * Math.exp(0.6 * gaussian(this.rand)))),
      costUsd: t.costUsd ? t.costUsd * -Math.log(Math.max(this.rand(), 1e-9)) : 0,
      flags,
    };
    if (t.tool === "db.query") c.params = { sql: `SELECT * FROM reports WHERE id = ${this.paramsSeq++ % 1000}`, timeout_ms: 5000 };
    return c;
  }

  get random(): () => number {
    return this.rand;
  }
}

export const toolSpec = (name: string) => TOOLS.find((t) => t.tool === name)!;

/** Rollup rows of one minute of calls (the same aggregation as the ingest statement). */
export interface MinuteRow {
  gatewayId: string;
  server: string;
  tool: string;
  team: string;
  calls: number;
  errors: number;
  flagged: number;
  costUsd: number;
  durationSum: number;
  lat: number[];
}

export function aggregateMinute(calls: SyntheticCall[]): MinuteRow[] {
  const rows = new Map<string, MinuteRow>();
  for (const c of calls) {
    const key = `${c.gatewayId}|${c.server}|${c.tool}|${c.team}`;
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { gatewayId: c.gatewayId, server: c.server, tool: c.tool, team: c.team, calls: 0, errors: 0, flagged: 0, costUsd: 0, durationSum: 0, lat: new Array(12).fill(0) }));
    r.calls++;
    if (c.error) r.errors++;
    if (c.flags.length) r.flagged++;
    r.costUsd += c.costUsd;
    r.durationSum += c.durationMs;
    r.lat[latencyBucketOf(c.durationMs)!]++;
  }
  return [...rows.values()];
}
