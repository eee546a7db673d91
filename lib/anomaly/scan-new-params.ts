import "server-only";
import { globMatch } from "../approvals/glob-match";
import { Prisma } from "../generated/prisma/client";
import { MINUTE } from "./find-window-measures";
import { dedupeKeyOf, eventsLink, type DetectorRule, type Finding } from "./finding";
import { fmtInt } from "./format";
import { judgeParams, learnParams, shapeOf, type ParamProfile } from "./param-profile";
import { execute, rows, type Queryable } from "./sql";

// The one detector that reads raw events: params are not in any rollup. It reads only the events of the
// watched tools received since the previous run, through the (tool, ts) index, at most MAX_EVENTS per
// tool per run, and keeps a small profile per tool (anomaly_param_profiles).

const MAX_EVENTS = 500;
const LATE_MINUTES = 15;

const kb = (bytes: number) => (bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${bytes} B`);

export async function scanNewParams(
  q: Queryable,
  opts: { now: Date; since: Date; rules: DetectorRule<"new_params">[]; activeTools: Iterable<string> },
): Promise<Finding[]> {
  const { now, since, rules } = opts;
  const tools = [...new Set(opts.activeTools)].filter((t) => rules.some((r) => globMatch(r.config.toolPattern, t)));
  const findings: Finding[] = [];
  for (const tool of tools) {
    const events = await rows<{ id: string; ts: Date; params: unknown }>(
      q,
      Prisma.sql`
      SELECT id::text AS id, ts, params FROM events
      WHERE tool = ${tool} AND ts > ${new Date(since.getTime() - LATE_MINUTES * MINUTE)} AND ts <= ${now}
        AND received_at > ${since} AND received_at <= ${now}
      ORDER BY received_at, id LIMIT ${MAX_EVENTS}`,
    );
    if (!events.length) continue;
    const [row] = await rows<{ key_sets: string[]; max_bytes: number; key_max_bytes: Record<string, number>; samples: number }>(
      q,
      Prisma.sql`SELECT key_sets, max_bytes, key_max_bytes, samples FROM anomaly_param_profiles WHERE tool = ${tool}`,
    );
    let profile: ParamProfile = row
      ? { keySets: row.key_sets ?? [], maxBytes: row.max_bytes, keyMaxBytes: row.key_max_bytes ?? {}, samples: row.samples }
      : { keySets: [], maxBytes: 0, keyMaxBytes: {}, samples: 0 };
    const hits = new Map<DetectorRule<"new_params">, { calls: number; newKeys: Set<string>; largeKeys: Set<string>; maxRatio: number; bytes: number; before: number; eventIds: string[] }>();
    for (const e of events) {
      const shape = shapeOf(e.params);
      for (const rule of rules) {
        if (!globMatch(rule.config.toolPattern, tool)) continue;
        const novelty = judgeParams(profile, shape, rule.config);
        if (!novelty) continue;
        let h = hits.get(rule);
        if (!h) hits.set(rule, (h = { calls: 0, newKeys: new Set(), largeKeys: new Set(), maxRatio: 0, bytes: 0, before: profile.maxBytes, eventIds: [] }));
        h.calls++;
        novelty.newKeys.forEach((k) => h.newKeys.add(k));
        novelty.largeKeys.forEach((k) => h.largeKeys.add(k));
        if ((novelty.sizeRatio ?? 0) > h.maxRatio) {
          h.maxRatio = novelty.sizeRatio ?? 0;
          h.bytes = shape.bytes;
          h.before = profile.maxBytes;
        }
        if (h.eventIds.length < 10) h.eventIds.push(e.id);
      }
      profile = learnParams(profile, shape);
    }
    await execute(
      q,
      Prisma.sql`
      INSERT INTO anomaly_param_profiles (tool, key_sets, max_bytes, key_max_bytes, samples, updated_at)
      VALUES (${tool}, ${profile.keySets}::text[], ${profile.maxBytes}, ${JSON.stringify(profile.keyMaxBytes)}::jsonb, ${profile.samples}, now())
      ON CONFLICT (tool) DO UPDATE SET key_sets = excluded.key_sets, max_bytes = excluded.max_bytes, key_max_bytes = excluded.key_max_bytes,
        samples = excluded.samples, updated_at = now()`,
    );
    for (const [rule, h] of hits) {
      const parts: string[] = [];
      if (h.newKeys.size) parts.push(`parameter keys never seen before: ${[...h.newKeys].join(", ")}`);
      if (h.maxRatio) parts.push(`params of ${kb(h.bytes)}, ${h.maxRatio.toFixed(1)}× the largest seen (${kb(h.before)})`);
      if (h.largeKeys.size) parts.push(`unusually large values for ${[...h.largeKeys].join(", ")}`);
      findings.push({
        rule,
        dedupeKey: dedupeKeyOf(rule.id, "tool", tool),
        subjectType: "tool",
        subjectValue: tool,
        subjectLabel: tool,
        firing: true,
        title: `Unusual params · tool ${tool}`,
        explanation: `${fmtInt(h.calls)} call${h.calls === 1 ? "" : "s"} to ${tool} with ${parts.join("; ")}`,
        value: h.calls,
        baseline: null,
        details: {
          metric: "params",
          newKeys: [...h.newKeys],
          largeKeys: [...h.largeKeys],
          sizeRatio: h.maxRatio || null,
          eventIds: h.eventIds,
          subjectLabel: tool,
          link: eventsLink({ tool }, since, now),
        },
      });
    }
  }
  return findings;
}
