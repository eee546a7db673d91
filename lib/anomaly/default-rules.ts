import type { CreateAlertRuleBody } from "../alerts/schema";

// The statistical detectors (and watches for prompt-injection and approval-reused flags), created as ordinary (editable,
// mutable, snoozable) alert rules the first time the detector runs on a database.
export const DEFAULT_RULES: CreateAlertRuleBody[] = [
  {
    name: "Unusual error rate",
    kind: "anomaly",
    severity: "critical",
    enabled: true,
    config: { metric: "error_rate", dimensions: ["tool", "server", "team", "gateway", "user"], sensitivity: 5, drops: false, quietMinutes: 10 },
  },
  {
    name: "Unusual call volume",
    kind: "anomaly",
    severity: "warning",
    enabled: true,
    config: { metric: "calls", dimensions: ["tool", "server", "team", "gateway", "user"], sensitivity: 5, drops: true, quietMinutes: 10 },
  },
  {
    name: "Unusual spend",
    kind: "anomaly",
    severity: "warning",
    enabled: true,
    config: { metric: "cost", dimensions: ["tool", "server", "team", "gateway", "user"], sensitivity: 5, drops: false, quietMinutes: 10 },
  },
  {
    name: "Unusual latency",
    kind: "anomaly",
    severity: "warning",
    enabled: true,
    // Per tool and server only: a team's or a gateway's p95 moves with its mix of tools, not with their speed.
    config: { metric: "latency", dimensions: ["tool", "server"], sensitivity: 5, drops: false, quietMinutes: 10 },
  },
  {
    name: "Prompt injection flagged",
    kind: "risk_flag",
    severity: "critical",
    enabled: true,
    config: { flag: "prompt_injection", toolPattern: "*", quietMinutes: 15 },
  },
  {
    // Ingest flags an event whose approval id another stored event already carried (an approval runs its
    // call once). Databases created before this rule get it from migration 20261206015534_event_gateway_fields.
    name: "Approval reused",
    kind: "risk_flag",
    severity: "critical",
    enabled: true,
    config: { flag: "approval_reused", toolPattern: "*", quietMinutes: 15 },
  },
];
