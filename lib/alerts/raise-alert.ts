import "server-only";
import type { Prisma } from "../generated/prisma/client";
import { SEVERITY_RANK } from "./schema";
import { assignAlertIncidents } from "../incidents/assign-alert-incidents";

// CONTRACT (owned by the alerting work): opens an alert for (dedupeKey) or updates the one already
// open/acknowledged for it (one live alert per condition and subject). Returns the alert id and whether
// it was newly opened (so the caller can notify once).
//
// Notification channels: a newly opened alert (or one whose severity rose) has notified_at = NULL; it is
// routed to the matching channels by dispatchAlertNotifications() — called by the detector job every
// minute, and by any caller that wants it sooner, after its transaction commits. Publish("alerts") after
// commit too, so open pages update.
export interface RaiseAlertOptions {
  dedupeKey: string;
  source: "anomaly" | "rule" | "budget" | "approval" | "gateway" | "inventory";
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
  /** The detector's clock (default: the wall clock). */
  now?: Date;
}

export async function raiseAlert(
  tx: Prisma.TransactionClient,
  opts: RaiseAlertOptions,
): Promise<{ id: string; opened: boolean; escalated?: boolean }> {
  const now = opts.now ?? new Date();
  const existing = await tx.alert.findUnique({ where: { openKey: opts.dedupeKey } });
  const figures = { at: now.toISOString(), value: opts.value ?? null, explanation: opts.explanation };
  if (existing) {
    const escalated = SEVERITY_RANK[opts.severity] > SEVERITY_RANK[existing.severity];
    // A growing alert keeps when it was first detected and its peak beside the latest figures.
    const prev = (existing.details ?? {}) as { first?: unknown; peak?: { value?: number | null } };
    const first = prev.first ?? { at: existing.firstSeenAt.toISOString(), value: existing.value, explanation: existing.explanation };
    const prevPeak = prev.peak ?? { at: existing.lastSeenAt.toISOString(), value: existing.value, explanation: existing.explanation };
    const peak = figures.value !== null && (prevPeak.value === null || prevPeak.value === undefined || figures.value > prevPeak.value) ? figures : prevPeak;
    const details = { ...((opts.details ?? existing.details ?? {}) as Record<string, unknown>), first, peak } as Prisma.InputJsonValue;
    const updated = await tx.alert.updateMany({
      where: { id: existing.id, openKey: opts.dedupeKey },
      data: {
        lastSeenAt: now,
        explanation: opts.explanation,
        value: opts.value,
        baseline: opts.baseline,
        details,
        severity: opts.severity,
        ...(escalated ? { notifiedAt: null } : {}),
      },
    });
    if (updated.count === 1) return { id: existing.id, opened: false, escalated };
    // Resolved between the read and the write: open a new one below.
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
      details: { ...((opts.details ?? {}) as Record<string, unknown>), first: figures, peak: figures } as Prisma.InputJsonValue,
      firstSeenAt: now,
      lastSeenAt: now,
    },
  });
  // A new alert joins the incident it shares a cause with, or opens one (channels notify per incident).
  await assignAlertIncidents(tx, { alertIds: [created.id], now });
  return { id: created.id, opened: true };
}
