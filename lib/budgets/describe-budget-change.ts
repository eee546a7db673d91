// "limit $100 → $80; mode hard → soft" for a budget's audit entry (before/after as budgetAuditView wrote
// them). Pure, shared by the budget page's history.

const LABELS: Record<string, string> = {
  name: "name",
  limitUsd: "limit",
  mode: "mode",
  thresholds: "alert thresholds",
  approvalAboveUsd: "approval above",
  webhookUrl: "webhook",
  webhookSecretSet: "webhook secret",
  archived: "archived",
};

function show(key: string, v: unknown): string {
  if (v === null || v === undefined || v === "") return "none";
  if (key === "limitUsd" || key === "approvalAboveUsd") return `$${v}`;
  if (key === "thresholds" && Array.isArray(v)) return v.map((t) => `${t} %`).join(", ");
  if (key === "webhookSecretSet") return v ? "set" : "none";
  if (typeof v === "boolean") return v ? "yes" : "no";
  return String(v);
}

export function describeBudgetChange(action: string, before: unknown, after: unknown): string[] {
  const a = (after ?? {}) as Record<string, unknown>;
  const b = (before ?? {}) as Record<string, unknown>;
  if (action === "budget.create") {
    return [`created: ${show("limitUsd", a.limitUsd)} per ${a.period}, ${a.mode}, ${a.scope}${a.scopeValue ? ` ${a.scopeValue}` : ""}`];
  }
  if (action === "budget.archive") return ["archived: no longer applies"];
  const changes: string[] = [];
  for (const key of Object.keys(LABELS)) {
    if (key === "archived") continue;
    if (JSON.stringify(b[key]) !== JSON.stringify(a[key])) changes.push(`${LABELS[key]} ${show(key, b[key])} → ${show(key, a[key])}`);
  }
  return changes.length ? changes : ["saved without changes"];
}
