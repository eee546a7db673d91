import "server-only";
import { Prisma } from "../generated/prisma/client";
import { isRuleKind, parseRuleConfig } from "../alerts/schema";
import type { Finding } from "./finding";
import { rows, type Queryable } from "./sql";
import { assignAlertIncidents } from "../incidents/assign-alert-incidents";

// The alert lifecycle for detector findings, inside the run's transaction, in three set-based statements
// (the same rules as raiseAlert in lib/alerts, batched): a firing finding opens an alert or refreshes the
// one open for its condition and subject (open_key); a holding finding only refreshes; an open alert that
// no finding mentions resolves itself once its rule's quiet period has passed since it was last seen.
// A refresh that raises the severity clears notified_at, so the channels hear about it again. The numbers
// of the explanation are those of the latest minute it still fired: a holding minute (the condition
// fading) keeps the alert open without rewriting it to its weakest moment (only its chart moves on).
// An alert that grows keeps its story in details: `first` (the figures when it was first detected) and `peak`
// (the firing minute with the highest value), beside the latest figures (explanation, value, last_seen_at).

export interface OpenAlertRow {
  id: string;
  openKey: string;
  ruleId: string | null;
  lastSeenAt: Date;
}

export interface RuleRow {
  id: string;
  kind: string;
  config: unknown;
}

export interface ApplyResult {
  opened: string[];
  updated: string[];
  escalated: string[];
  resolved: string[];
}

export function quietMinutesOf(rule: RuleRow | undefined): number {
  if (!rule || !isRuleKind(rule.kind)) return 0;
  try {
    return parseRuleConfig(rule.kind, rule.config).quietMinutes;
  } catch {
    return 0;
  }
}

export async function applyFindings(
  q: Queryable,
  opts: { now: Date; findings: Finding[]; openAlerts: OpenAlertRow[]; rules: Map<string, RuleRow>; detailsOf: (f: Finding) => unknown },
): Promise<ApplyResult> {
  const { now } = opts;
  const open = new Map(opts.openAlerts.map((a) => [a.openKey, a]));
  const result: ApplyResult = { opened: [], updated: [], escalated: [], resolved: [] };
  const seen = new Map<string, Finding>();
  for (const f of opts.findings) if (!seen.has(f.dedupeKey) && (f.firing || open.has(f.dedupeKey))) seen.set(f.dedupeKey, f);
  const refresh = [...seen.values()].filter((f) => open.has(f.dedupeKey));
  const fresh = [...seen.values()].filter((f) => !open.has(f.dedupeKey));
  const col = <T>(fs: Finding[], pick: (f: Finding) => T) => fs.map(pick);

  if (refresh.length) {
    const updated = await rows<{ id: string; escalated: boolean }>(
      q,
      Prisma.sql`
      WITH x AS (
        SELECT * FROM unnest(${col(refresh, (f) => f.dedupeKey)}::text[], ${col(refresh, (f) => f.explanation)}::text[],
          ${col(refresh, (f) => f.value)}::float8[], ${col(refresh, (f) => f.baseline)}::float8[],
          ${col(refresh, (f) => JSON.stringify(opts.detailsOf(f)))}::text[], ${col(refresh, (f) => f.rule.severity)}::text[],
          ${col(refresh, (f) => f.firing)}::boolean[])
          AS x(k, explanation, value, baseline, details, severity, firing)
      ), prev AS (
        SELECT a.id, a.severity FROM alerts a JOIN x ON a.open_key = x.k
      )
      UPDATE alerts AS a SET last_seen_at = ${now},
        explanation = CASE WHEN x.firing THEN x.explanation ELSE a.explanation END,
        value = CASE WHEN x.firing THEN x.value ELSE a.value END,
        baseline = CASE WHEN x.firing THEN x.baseline ELSE a.baseline END,
        details = CASE WHEN x.firing THEN x.details::jsonb || jsonb_build_object(
            'first', coalesce(a.details -> 'first', jsonb_build_object('at', a.first_seen_at, 'value', a.value, 'explanation', a.explanation)),
            'peak', CASE
              WHEN x.value > coalesce((a.details -> 'peak' ->> 'value')::float8, a.value) OR (a.details -> 'peak' IS NULL AND a.value IS NULL)
                THEN jsonb_build_object('at', ${now}::timestamptz, 'value', x.value, 'explanation', x.explanation)
              ELSE coalesce(a.details -> 'peak', jsonb_build_object('at', a.last_seen_at, 'value', a.value, 'explanation', a.explanation)) END)
          ELSE a.details || jsonb_build_object('chart', x.details::jsonb -> 'chart') END,
        severity = x.severity::"AlertSeverity",
        notified_at = CASE WHEN x.severity::"AlertSeverity" > prev.severity THEN NULL ELSE a.notified_at END
      FROM x, prev WHERE a.open_key = x.k AND prev.id = a.id
      RETURNING a.id::text AS id, x.severity::"AlertSeverity" > prev.severity AS escalated`,
    );
    for (const u of updated) {
      result.updated.push(u.id);
      if (u.escalated) result.escalated.push(u.id);
    }
  }

  if (fresh.length) {
    const inserted = await rows<{ id: string }>(
      q,
      Prisma.sql`
      INSERT INTO alerts (id, open_key, dedupe_key, source, kind, rule_id, severity, status, subject_type, subject_value,
        title, explanation, value, baseline, details, first_seen_at, last_seen_at)
      SELECT gen_random_uuid(), k, k, src, kind, rule::uuid, sev::"AlertSeverity", 'open', st, sv, title, expl, value, baseline,
        details::jsonb || jsonb_build_object('first', jsonb_build_object('at', ${now}::timestamptz, 'value', value, 'explanation', expl),
          'peak', jsonb_build_object('at', ${now}::timestamptz, 'value', value, 'explanation', expl)), ${now}, ${now}
      FROM unnest(${col(fresh, (f) => f.dedupeKey)}::text[], ${col(fresh, (f) => (f.rule.kind === "anomaly" ? "anomaly" : "rule"))}::text[],
        ${col(fresh, (f) => (f.rule.kind === "anomaly" ? `anomaly.${String(f.details.metric)}` : f.rule.kind))}::text[], ${col(fresh, (f) => f.rule.id)}::text[],
        ${col(fresh, (f) => f.rule.severity)}::text[], ${col(fresh, (f) => f.subjectType)}::text[], ${col(fresh, (f) => f.subjectValue)}::text[],
        ${col(fresh, (f) => f.title)}::text[], ${col(fresh, (f) => f.explanation)}::text[], ${col(fresh, (f) => f.value)}::float8[],
        ${col(fresh, (f) => f.baseline)}::float8[], ${col(fresh, (f) => JSON.stringify(opts.detailsOf(f)))}::text[])
        AS x(k, src, kind, rule, sev, st, sv, title, expl, value, baseline, details)
      ON CONFLICT (open_key) DO NOTHING
      RETURNING id::text AS id`,
    );
    result.opened.push(...inserted.map((r) => r.id));
    // New alerts join the incident they share a cause with, or open one (channels notify per incident).
    await assignAlertIncidents(q, { alertIds: result.opened, now });
  }

  const stale = opts.openAlerts.filter((a) => {
    if (seen.has(a.openKey)) return false;
    const quiet = quietMinutesOf(a.ruleId ? opts.rules.get(a.ruleId) : undefined);
    return now.getTime() - a.lastSeenAt.getTime() >= quiet * 60_000;
  });
  if (stale.length) {
    const resolved = await rows<{ id: string }>(
      q,
      Prisma.sql`
      UPDATE alerts AS a SET status = 'resolved', open_key = NULL, resolved_at = ${now},
        details = coalesce(a.details, '{}'::jsonb) || jsonb_build_object('autoResolved', true)
      FROM unnest(${stale.map((a) => a.id)}::uuid[], ${stale.map((a) => a.openKey)}::text[]) AS x(id, k)
      WHERE a.id = x.id AND a.open_key = x.k
      RETURNING a.id::text AS id`,
    );
    result.resolved.push(...resolved.map((r) => r.id));
  }
  return result;
}
