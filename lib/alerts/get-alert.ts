import "server-only";
import { z } from "zod";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { alertView, type AlertView } from "./alert-view";
import { deliveryView, type DeliveryView } from "./delivery-view";

export interface AlertChart {
  metric: string;
  series: { t: string; v: number | null }[];
  band: { center: number; low: number; high: number } | null;
  threshold: number | null;
}

/** The figures of one detection: when, the value, the sentence. */
export interface AlertFigures {
  at: string;
  value: number | null;
  explanation: string;
}

export interface AlertDetail extends AlertView {
  /** When it was first detected and its peak (the latest figures are the alert's own explanation and value). */
  first: AlertFigures | null;
  peak: AlertFigures | null;
  details: Record<string, unknown>;
  chart: AlertChart | null;
  deliveries: (DeliveryView & { channelName: string | null })[];
  history: { at: string; action: string; actorEmail: string | null; comment: string | null }[];
  rule: { id: string; name: string; kind: string; muted: boolean; snoozedUntil: string | null } | null;
}

function figuresOf(v: unknown): AlertFigures | null {
  const f = v as Partial<AlertFigures> | null | undefined;
  if (!f || typeof f.at !== "string" || typeof f.explanation !== "string" || !Number.isFinite(Date.parse(f.at))) return null;
  return { at: new Date(f.at).toISOString(), value: typeof f.value === "number" ? f.value : null, explanation: f.explanation };
}

function chartOf(details: Record<string, unknown>): AlertChart | null {
  const c = details.chart as { metric?: string; series?: AlertChart["series"]; band?: AlertChart["band"]; threshold?: number } | null | undefined;
  if (!c || !Array.isArray(c.series)) return null;
  return { metric: String(c.metric ?? ""), series: c.series, band: c.band ?? null, threshold: typeof c.threshold === "number" ? c.threshold : null };
}

/** GET /api/alerts/{id}: the alert, its chart, who was told and what people did about it. */
export async function getAlert(id: string): Promise<AlertDetail> {
  if (!z.uuid().safeParse(id).success) throw new ApiError("not_found", `No alert ${id}.`);
  const a = await db().alert.findUnique({ where: { id }, include: { deliveries: { include: { channel: { select: { name: true } } }, orderBy: { createdAt: "asc" } } } });
  if (!a) throw new ApiError("not_found", `No alert ${id}.`);
  const [rule, audit] = await Promise.all([
    a.ruleId ? db().alertRule.findUnique({ where: { id: a.ruleId } }) : null,
    db().auditLog.findMany({ where: { targetType: "alert", targetId: id }, orderBy: { seq: "asc" }, take: 100 }),
  ]);
  const details = (a.details ?? {}) as Record<string, unknown>;
  const { chart: _chart, first, peak, ...rest } = details;
  return {
    ...alertView(a, rule?.name ?? null),
    details: rest,
    first: figuresOf(first),
    peak: figuresOf(peak),
    chart: chartOf(details),
    deliveries: a.deliveries.map((d) => ({ ...deliveryView(d), channelName: d.channel?.name ?? null })),
    history: audit.map((e) => ({
      at: e.at.toISOString(),
      action: e.action,
      actorEmail: e.actorEmail,
      comment: typeof (e.after as { comment?: unknown } | null)?.comment === "string" ? ((e.after as { comment: string }).comment) : null,
    })),
    rule: rule ? { id: rule.id, name: rule.name, kind: rule.kind, muted: rule.muted, snoozedUntil: rule.snoozedUntil?.toISOString() ?? null } : null,
  };
}
