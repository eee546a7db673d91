import { describe, expect, it } from "vitest";
import { groupAlerts, incidentMeasureOf, type IncidentAlertFacts, type IncidentUsageRow } from "./group-alerts";

const T0 = Date.UTC(2030, 0, 7, 9, 0);
const at = (min: number) => new Date(T0 + min * 60_000);
let n = 0;
const alert = (subjectType: string, subjectValue: string, from: number, to: number, incidentId?: string): IncidentAlertFacts => ({
  id: `a${String(++n).padStart(3, "0")}`,
  subjectType,
  subjectValue,
  firstSeenAt: at(from),
  lastSeenAt: at(to),
  incidentId: incidentId ?? null,
});

// The window's traffic: four teams only call Postgres's query tool; "platform" also calls GitHub.
const usage: IncidentUsageRow[] = [
  ...["billing", "search", "reports", "ops"].map((team) => ({ server: "postgres", tool: "pg.query", team, gateway: "gw-eu" })),
  { server: "postgres", tool: "pg.query", team: "platform", gateway: "gw-eu" },
  { server: "github", tool: "gh.search", team: "platform", gateway: "gw-eu" },
  { server: "github", tool: "gh.search", team: "web", gateway: "gw-us" },
  { server: "slack", tool: "slack.post", team: "web", gateway: "gw-us" },
];

describe("groupAlerts", () => {
  it("groups one Postgres outage's 7 critical alerts (a tool, a server, four teams) into one incident", () => {
    const outage = [
      alert("team", "reports", 0, 20),
      alert("tool", "pg.query", 1, 22),
      alert("tool", "pg.query", 2, 21), // the tool's latency beside its error rate
      alert("server", "postgres", 2, 22),
      alert("team", "billing", 3, 18),
      alert("team", "search", 4, 20),
      alert("team", "ops", 6, 19),
    ];
    const groups = groupAlerts({ alerts: outage, usage });
    expect(groups).toEqual([{ incidentId: null, alertIds: outage.map((a) => a.id) }]);
  });

  it("groups one user's burst of 11 warnings into one incident", () => {
    const burst = Array.from({ length: 11 }, (_, i) => alert("user", "u-42", i * 2, i * 2 + 5));
    const groups = groupAlerts({ alerts: burst, usage });
    expect(groups).toHaveLength(1);
    expect(groups[0].alertIds).toEqual(burst.map((a) => a.id));
  });

  it("keeps unrelated alerts apart: other subjects at the same time, the same subject hours later", () => {
    const tool = alert("tool", "pg.query", 0, 20);
    const otherServer = alert("server", "github", 5, 15); // same time, different server
    const mixedTeam = alert("team", "platform", 5, 15); // also uses GitHub: does not nest in Postgres
    const otherUser = alert("user", "u-7", 0, 10);
    const user = alert("user", "u-42", 0, 10);
    const later = alert("tool", "pg.query", 180, 190); // same tool, three hours later
    const groups = groupAlerts({ alerts: [tool, otherServer, mixedTeam, otherUser, user, later], usage });
    expect(groups.map((g) => g.alertIds)).toEqual([[tool.id], [otherUser.id], [user.id], [otherServer.id], [mixedTeam.id], [later.id]]);
    expect(groups.every((g) => g.incidentId === null)).toBe(true);
  });

  it("nests a tool in its server and a team in a server whose tools are all it used", () => {
    const server = alert("server", "github", 0, 10);
    const tool = alert("tool", "gh.search", 3, 12);
    const groups = groupAlerts({ alerts: [server, tool], usage });
    expect(groups).toHaveLength(1);
    // Without usage data, a tool and a server are not known to nest.
    expect(groupAlerts({ alerts: [server, tool] })).toHaveLength(2);
  });

  it("adds new alerts to the open incident they relate to, and never merges two existing incidents", () => {
    const inToolIncident = alert("tool", "pg.query", 0, 30, "inc-1");
    const inUserIncident = alert("user", "u-42", 0, 30, "inc-2");
    const team = alert("team", "billing", 10, 12);
    const sameUser = alert("user", "u-42", 11, 12);
    const unrelated = alert("server", "slack", 11, 12);
    const groups = groupAlerts({ alerts: [inToolIncident, inUserIncident, team, sameUser, unrelated], usage });
    expect(groups).toEqual([
      { incidentId: "inc-1", alertIds: [team.id] },
      { incidentId: "inc-2", alertIds: [sameUser.id] },
      { incidentId: null, alertIds: [unrelated.id] },
    ]);
    // A new alert that relates to two existing incidents joins the earlier one; they stay two incidents.
    const earlier = alert("server", "postgres", 0, 30, "inc-3");
    const laterInc = alert("tool", "pg.query", 5, 30, "inc-4");
    const bridge = alert("team", "ops", 20, 21);
    expect(groupAlerts({ alerts: [laterInc, earlier, bridge], usage })).toEqual([{ incidentId: "inc-3", alertIds: [bridge.id] }]);
  });

  // Per-user rows of the same window (from the events of the alerted users): what each user called.
  const userUsage: IncidentUsageRow[] = [
    { server: "postgres", tool: "pg.query", team: "billing", gateway: "gw-eu", user: "u-42" },
    { server: "github", tool: "gh.search", team: "platform", gateway: "gw-eu", user: "u-43" },
    // u-7 called Postgres, and GitHub too.
    { server: "postgres", tool: "pg.query", team: "platform", gateway: "gw-eu", user: "u-7" },
    { server: "github", tool: "gh.search", team: "platform", gateway: "gw-eu", user: "u-7" },
    // u-9 is the team web's only caller of slack.post, and also searched GitHub.
    { server: "slack", tool: "slack.post", team: "web", gateway: "gw-us", user: "u-9" },
    { server: "github", tool: "gh.search", team: "web", gateway: "gw-us", user: "u-9" },
  ];

  it("nests a user who only called that tool (or only that server's tools) in the window: the user's burst joins the tool's or server's incident", () => {
    const tool = alert("tool", "pg.query", 0, 20);
    const burst = alert("user", "u-42", 2, 15);
    const server = alert("server", "github", 0, 10);
    const searcher = alert("user", "u-43", 4, 9);
    const groups = groupAlerts({ alerts: [tool, burst, server, searcher], usage: [...usage, ...userUsage] });
    expect(groups.map((g) => g.alertIds)).toEqual([[tool.id, burst.id], [server.id, searcher.id]]);
    // Without the user's rows, the user is related only to alerts about that same user.
    expect(groupAlerts({ alerts: [tool, burst], usage })).toHaveLength(2);
    // A user's burst joins the open incident of the tool.
    const open = alert("tool", "pg.query", 0, 30, "inc-9");
    const later = alert("user", "u-42", 12, 14);
    expect(groupAlerts({ alerts: [open, later], usage: [...usage, ...userUsage] })).toEqual([{ incidentId: "inc-9", alertIds: [later.id] }]);
  });

  it("does not nest a user who also called other tools, nor a tool in the user who was its only caller", () => {
    const tool = alert("tool", "pg.query", 0, 20);
    const mixed = alert("user", "u-7", 2, 15); // also called GitHub: not all of u-7's calls are pg.query's
    const slack = alert("tool", "slack.post", 0, 20);
    const onlyCaller = alert("user", "u-9", 2, 15); // slack.post's calls are all u-9's, but u-9 is not the tool
    const groups = groupAlerts({ alerts: [tool, mixed, slack, onlyCaller], usage: [...usage, ...userUsage] });
    expect(groups.map((g) => g.alertIds)).toEqual([[tool.id], [slack.id], [mixed.id], [onlyCaller.id]]);
  });

  it("joins a user whose alert's measure came mostly from the tool's calls, though the user also called other tools", () => {
    // u-8 called pg.query and gh.search: 9 of its 10 errors and most of its spend were pg.query's; its calls were mostly gh.search's.
    const mixedUsage: IncidentUsageRow[] = [
      { server: "postgres", tool: "pg.query", team: "platform", gateway: "gw-eu", user: "u-8", calls: 12, errors: 9, costUsd: 0.9, durationMs: 2400 },
      { server: "github", tool: "gh.search", team: "platform", gateway: "gw-eu", user: "u-8", calls: 30, errors: 1, costUsd: 0.1, durationMs: 9000 },
    ];
    const all = [...usage, ...mixedUsage];
    const tool = alert("tool", "pg.query", 0, 20);
    const userAlert = (kind: string) => ({ ...alert("user", "u-8", 2, 15), measure: incidentMeasureOf(kind) });
    expect(groupAlerts({ alerts: [tool, userAlert("anomaly.error_rate")], usage: all })).toHaveLength(1);
    expect(groupAlerts({ alerts: [tool, userAlert("spend")], usage: all })).toHaveLength(1);
    // Its call volume was mostly GitHub's; an alert that is not about a quantity of calls does not join either.
    expect(groupAlerts({ alerts: [tool, userAlert("anomaly.calls")], usage: all })).toHaveLength(2);
    expect(groupAlerts({ alerts: [tool, userAlert("first_use")], usage: all })).toHaveLength(2);
    expect(groupAlerts({ alerts: [alert("tool", "gh.search", 0, 20), userAlert("anomaly.calls")], usage: all })).toHaveLength(1);
  });

  it("relates alerts on the same server: two tools of one server, users covered by it; not tools or users of two servers", () => {
    const twoTools: IncidentUsageRow[] = [...usage, { server: "postgres", tool: "pg.describe", team: "billing", gateway: "gw-eu" }];
    const query = alert("tool", "pg.query", 0, 20);
    const describe = alert("tool", "pg.describe", 5, 20);
    const github = alert("tool", "gh.search", 5, 20);
    expect(groupAlerts({ alerts: [query, describe, github], usage: twoTools }).map((g) => g.alertIds)).toEqual([[query.id, describe.id], [github.id]]);
    // Two users who only called Postgres share its server; one who only called GitHub does not.
    const twin = [{ server: "postgres", tool: "pg.query", team: "billing", gateway: "gw-eu", user: "u-44" }];
    const [a, b, c] = [alert("user", "u-42", 0, 10), alert("user", "u-44", 0, 10), alert("user", "u-43", 0, 10)];
    expect(groupAlerts({ alerts: [a, b, c], usage: [...usage, ...userUsage, ...twin] }).map((g) => g.alertIds)).toEqual([[a.id, b.id], [c.id]]);
  });

  it("joins a nested user's alert only while the time spans overlap within the gap", () => {
    const tool = alert("tool", "pg.query", 0, 20);
    const within = alert("user", "u-42", 34, 40); // 14 min after the tool's last sighting
    const beyond = alert("user", "u-42", 36, 40); // 16 min after
    const all = [...usage, ...userUsage];
    expect(groupAlerts({ alerts: [tool, within], usage: all })).toHaveLength(1);
    expect(groupAlerts({ alerts: [tool, beyond], usage: all })).toHaveLength(2);
    expect(groupAlerts({ alerts: [tool, beyond], usage: all, gapMs: 20 * 60_000 })).toHaveLength(1);
  });
});
