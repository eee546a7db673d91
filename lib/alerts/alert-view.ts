import type { Alert, AlertRule } from "../generated/prisma/client";
import { alertSubject } from "./alert-subject";

// What the dashboard sees of an alert (dates as ISO strings).
export interface AlertView {
  id: string;
  status: "open" | "acknowledged" | "resolved";
  severity: "info" | "warning" | "critical";
  source: string;
  kind: string;
  ruleId: string | null;
  ruleName: string | null;
  subjectType: string;
  subjectValue: string;
  subjectLabel: string;
  /** The subject's own page (a budget alert's budget), or null. */
  subjectHref: string | null;
  title: string;
  explanation: string;
  value: number | null;
  baseline: number | null;
  link: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  autoResolved: boolean;
}

export function alertView(a: Alert & { rule?: Pick<AlertRule, "name"> | null }, ruleName?: string | null): AlertView {
  const details = (a.details ?? {}) as Record<string, unknown>;
  const subject = alertSubject(a);
  return {
    id: a.id,
    status: a.status,
    severity: a.severity,
    source: a.source,
    kind: a.kind,
    ruleId: a.ruleId,
    ruleName: ruleName ?? a.rule?.name ?? null,
    subjectType: a.subjectType,
    subjectValue: a.subjectValue,
    subjectLabel: subject.label,
    subjectHref: subject.href,
    title: a.title,
    explanation: a.explanation,
    value: a.value,
    baseline: a.baseline,
    link: typeof details.link === "string" && details.link.startsWith("/") ? details.link : null,
    firstSeenAt: a.firstSeenAt.toISOString(),
    lastSeenAt: a.lastSeenAt.toISOString(),
    acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
    acknowledgedBy: a.acknowledgedBy,
    resolvedAt: a.resolvedAt?.toISOString() ?? null,
    autoResolved: details.autoResolved === true,
  };
}
