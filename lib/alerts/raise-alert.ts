import "server-only";
import type { Prisma } from "../generated/prisma/client";

// CONTRACT (owned by the alerting work): opens an alert for (dedupeKey) or updates the one already
// open/acknowledged for it (one live alert per condition and subject). Returns the alert id and whether
// it was newly opened (so the caller can notify once).
export interface RaiseAlertOptions {
  dedupeKey: string;
  source: "anomaly" | "rule" | "budget" | "approval";
  kind: string;
  ruleId?: string | null;
  severity: "info" | "warning" | "critical";
  subjectType: string;
  subjectValue: string;
  title: string;
  explanation: string;
  value?: number | null;
  baseline?: number | null;
  details?: Prisma.InputJsonValue;
}

export async function raiseAlert(tx: Prisma.TransactionClient, opts: RaiseAlertOptions): Promise<{ id: string; opened: boolean }> {
  const existing = await tx.alert.findUnique({ where: { openKey: opts.dedupeKey } });
  if (existing) {
    await tx.alert.update({
      where: { id: existing.id },
      data: { lastSeenAt: new Date(), explanation: opts.explanation, value: opts.value, baseline: opts.baseline, details: opts.details, severity: opts.severity },
    });
    return { id: existing.id, opened: false };
  }
  const created = await tx.alert.create({
    data: {
      openKey: opts.dedupeKey,
      dedupeKey: opts.dedupeKey,
      source: opts.source,
      kind: opts.kind,
      ruleId: opts.ruleId ?? null,
      severity: opts.severity,
      subjectType: opts.subjectType,
      subjectValue: opts.subjectValue,
      title: opts.title,
      explanation: opts.explanation,
      value: opts.value ?? null,
      baseline: opts.baseline ?? null,
      details: opts.details,
    },
  });
  return { id: created.id, opened: true };
}
