// The labelled incidents of the anomaly evaluation: different kinds and sizes, some subtle, at different
// times of day and week. Minutes count from the first (Monday) midnight of the synthetic data.
import { DAY_MINUTES, GATEWAYS, toolSpec, type Incident, type SyntheticCall, type TrafficGenerator, type UserSpec } from "./synthetic-world";

const at = (day: number, hour: number, minute = 0) => day * DAY_MINUTES + hour * 60 + minute;

const mark = (c: SyntheticCall, id: string): SyntheticCall => ({ ...c, incident: id });

function errors(id: string, match: (c: SyntheticCall) => boolean, p: number) {
  return (_m: number, calls: SyntheticCall[], rand: () => number) => calls.map((c) => (match(c) ? mark({ ...c, error: c.error || rand() < p }, id) : c));
}

function latency(id: string, tool: string, factor: number) {
  return (_m: number, calls: SyntheticCall[]) => calls.map((c) => (c.tool === tool ? mark({ ...c, durationMs: Math.round(c.durationMs * factor) }, id) : c));
}

function cost(id: string, tool: string, factor: number) {
  return (_m: number, calls: SyntheticCall[]) => calls.map((c) => (c.tool === tool ? mark({ ...c, costUsd: c.costUsd * factor }, id) : c));
}

export function makeIncidents(gen: () => TrafficGenerator, users: UserSpec[]): Incident[] {
  const user = (id: string) => users.find((u) => u.id === id)!;
  const extra = (id: string, who: Pick<UserSpec, "id" | "team" | "gatewayId">, tool: string, perMinute: number) => (m: number, calls: SyntheticCall[], rand: () => number) => {
    const n = Math.round(perMinute * (0.7 + 0.6 * rand()));
    return [...calls, ...Array.from({ length: n }, () => mark(gen().call(m, who, toolSpec(tool)), id))];
  };
  const gwUs = GATEWAYS[1].id;
  const incidents: Incident[] = [
    {
      id: "I01",
      metrics: ["error_rate"],
      kind: "error spike (large)",
      description: "github.create_pr fails 60 % of the time for 25 min",
      start: at(17, 14),
      end: at(17, 14, 25),
      subjects: [],
      apply: errors("I01", (c) => c.tool === "github.create_pr", 0.6),
    },
    {
      id: "I02",
      metrics: ["error_rate"],
      kind: "error spike (subtle)",
      description: "db.query errors rise from 2 % to 12 % for 60 min",
      start: at(18, 10, 30),
      end: at(18, 11, 30),
      subjects: [],
      apply: errors("I02", (c) => c.tool === "db.query", 0.1),
    },
    {
      id: "I03",
      metrics: ["error_rate"],
      kind: "error spike at night (low volume)",
      description: "email.send fails half the time for 40 min on a Saturday night",
      start: at(19, 3),
      end: at(19, 3, 40),
      subjects: [],
      apply: errors("I03", (c) => c.tool === "email.send", 0.5),
    },
    {
      id: "I04",
      metrics: ["error_rate"],
      kind: "server errors",
      description: "every jira tool fails 40 % of the time for 20 min",
      start: at(21, 11),
      end: at(21, 11, 20),
      subjects: [],
      apply: errors("I04", (c) => c.server === "jira", 0.4),
    },
    {
      id: "I05",
      metrics: ["latency"],
      kind: "latency (large)",
      description: "web.fetch 5× slower for 30 min",
      start: at(22, 15),
      end: at(22, 15, 30),
      subjects: [],
      apply: latency("I05", "web.fetch", 5),
    },
    {
      id: "I06",
      metrics: ["latency"],
      kind: "latency (subtle)",
      description: "llm.summarize 1.8× slower for 60 min",
      start: at(23, 13),
      end: at(23, 14),
      subjects: [],
      apply: latency("I06", "llm.summarize", 1.8),
    },
    {
      id: "I07",
      metrics: ["cost"],
      kind: "cost spike",
      description: "llm.summarize costs 6× per call for 30 min (a pricier model)",
      start: at(24, 16),
      end: at(24, 16, 30),
      subjects: [],
      apply: cost("I07", "llm.summarize", 6),
    },
    {
      id: "I08",
      metrics: ["calls"],
      kind: "runaway agent",
      description: "user u017's agent reads files in a loop, 25 calls/min for 40 min",
      start: at(25, 12),
      end: at(25, 12, 40),
      subjects: [],
      apply: extra("I08", user("u017"), "fs.read_file", 25),
    },
    {
      id: "I09",
      metrics: ["cost", "calls"],
      kind: "user spend (subtle)",
      description: "user u042 summarizes documents in a loop, 3 calls/min (~$0.09/min) for 45 min",
      start: at(26, 9, 30),
      end: at(26, 10, 15),
      subjects: [],
      apply: extra("I09", user("u042"), "llm.summarize", 3),
    },
    {
      id: "I10",
      metrics: ["calls"],
      kind: "call volume surge",
      description: "slack.post_message called 4× as often for 20 min (a notification storm)",
      start: at(26, 14),
      end: at(26, 14, 20),
      subjects: [],
      apply: (m, calls, rand) => {
        const storm = calls.filter((c) => c.tool === "slack.post_message").flatMap((c) => [0, 1, 2].map(() => mark({ ...c }, "I10")));
        return [...calls.map((c) => (c.tool === "slack.post_message" ? mark(c, "I10") : c)), ...storm, ...extra("I10", user("svc-notifier"), "slack.post_message", 6)(m, [], rand)];
      },
    },
    {
      id: "I11",
      metrics: ["calls", "gateway_silent"],
      kind: "gateway silent",
      description: "gateway gw-us sends nothing for 45 min",
      start: at(27, 13),
      end: at(27, 13, 45),
      subjects: [`gateway:${gwUs}`],
      apply: (_m, calls) => calls.filter((c) => c.gatewayId !== gwUs),
    },
    {
      id: "I12",
      metrics: ["risk_flag"],
      kind: "prompt injection flag",
      description: "three web.fetch results flagged prompt_injection within 5 min",
      start: at(27, 20),
      end: at(27, 20, 5),
      subjects: ["tool:web.fetch"],
      apply: (m, calls) => (m === at(27, 20) || m === at(27, 20, 2) || m === at(27, 20, 4) ? [...calls, mark({ ...gen().call(m, user("u008"), toolSpec("web.fetch")), flags: ["prompt_injection"] }, "I12")] : calls),
    },
    {
      id: "I13",
      metrics: ["first_use", "tool_call"],
      kind: "first use of a tool",
      description: "fs.delete_tree, never seen before, called 5 times in 10 min",
      start: at(28, 10),
      end: at(28, 10, 10),
      subjects: ["tool:fs.delete_tree"],
      apply: (m, calls) =>
        (m - at(28, 10)) % 2 === 0
          ? [...calls, mark({ ...gen().call(m, user("u023"), toolSpec("fs.write_file")), tool: "fs.delete_tree", params: undefined }, "I13")]
          : calls,
    },
    {
      id: "I14",
      metrics: ["new_params"],
      kind: "params never seen",
      description: "db.query called twice with a key it never had: drop_cascade",
      start: at(28, 15),
      end: at(28, 15, 3),
      subjects: ["tool:db.query"],
      apply: (m, calls) =>
        m === at(28, 15) || m === at(28, 15, 2)
          ? [...calls, mark({ ...gen().call(m, user("u031"), toolSpec("db.query")), params: { sql: "DROP TABLE reports", timeout_ms: 5000, drop_cascade: true } }, "I14")]
          : calls,
    },
    {
      id: "I15",
      metrics: ["cost", "calls"],
      kind: "team spend",
      description: "a data-team batch job summarizes 8 extra documents a minute (~$14/h) for 60 min",
      start: at(29, 11),
      end: at(29, 12),
      subjects: ["team:data"],
      apply: extra("I15", user("svc-reporter"), "llm.summarize", 8),
    },
    {
      id: "I16",
      metrics: ["calls"],
      kind: "call volume surge (subtle, weekend)",
      description: "jira.search called 2.5× as often for 30 min on a Sunday afternoon",
      start: at(20, 16),
      end: at(20, 16, 30),
      subjects: [],
      apply: (m, calls, rand) => {
        const more = calls.filter((c) => c.tool === "jira.search").flatMap((c) => (rand() < 0.5 ? [mark({ ...c }, "I16"), mark({ ...c }, "I16")] : [mark({ ...c }, "I16")]));
        return [...calls.map((c) => (c.tool === "jira.search" ? mark(c, "I16") : c)), ...more, ...extra("I16", user("u005"), "jira.search", 1)(m, [], rand)];
      },
    },
  ];
  return incidents;
}
