import type { AlertRule } from "../generated/prisma/client";

export interface AlertRuleView {
  id: string;
  name: string;
  kind: string;
  config: Record<string, unknown>;
  severity: "info" | "warning" | "critical";
  enabled: boolean;
  muted: boolean;
  snoozedUntil: string | null;
  createdAt: string;
  updatedAt: string;
  /** When the rule last raised an alert (the newest alert's opening), or null if never. */
  lastFiredAt: string | null;
  /** How many alerts the rule has raised (every alert it opened, resolved ones included). */
  alertsRaised: number;
}

export interface AlertRuleStats {
  lastFiredAt: Date | null;
  alertsRaised: number;
}

export function alertRuleView(r: AlertRule, stats: AlertRuleStats = { lastFiredAt: null, alertsRaised: 0 }): AlertRuleView {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    config: (r.config ?? {}) as Record<string, unknown>,
    severity: r.severity,
    enabled: r.enabled,
    muted: r.muted,
    snoozedUntil: r.snoozedUntil?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    lastFiredAt: stats.lastFiredAt?.toISOString() ?? null,
    alertsRaised: stats.alertsRaised,
  };
}
