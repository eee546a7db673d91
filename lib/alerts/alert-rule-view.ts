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
}

export function alertRuleView(r: AlertRule): AlertRuleView {
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
  };
}
