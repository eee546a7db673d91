import type { StandingRule } from "../generated/prisma/client";
import { standingRuleLabel } from "./match-standing-rule";
import type { StandingRuleConstraints } from "./standing-rule-schema";

// A standing rule as the dashboard and the audit log see it (JSON-safe).
export interface StandingRuleView {
  id: string;
  number: number;
  label: string;
  scope: string;
  subject: string;
  server: string;
  tool: string;
  constraints: StandingRuleConstraints;
  ruleId: string | null;
  sourceApprovalId: string | null;
  createdById: string;
  createdByEmail: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  revokedByEmail: string | null;
  fireCount: number;
  lastFiredAt: string | null;
  /** active, expired or revoked at the time of reading. */
  status: "active" | "expired" | "revoked";
}

export function standingRuleView(r: StandingRule, now = new Date()): StandingRuleView {
  return {
    id: r.id,
    number: r.number,
    label: standingRuleLabel(r.number),
    scope: r.scope,
    subject: r.subject,
    server: r.server,
    tool: r.tool,
    constraints: r.constraints as StandingRuleConstraints,
    ruleId: r.ruleId,
    sourceApprovalId: r.sourceApprovalId,
    createdById: r.createdById,
    createdByEmail: r.createdByEmail,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    revokedAt: r.revokedAt?.toISOString() ?? null,
    revokedByEmail: r.revokedByEmail,
    fireCount: r.fireCount,
    lastFiredAt: r.lastFiredAt?.toISOString() ?? null,
    status: r.revokedAt ? "revoked" : r.expiresAt.getTime() <= now.getTime() ? "expired" : "active",
  };
}
