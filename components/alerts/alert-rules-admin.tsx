"use client";
import { TimeText } from "@/components/ui/time-text";
import { useTimeZone } from "@/components/ui/use-time-zone";
import { formatTime } from "@/lib/time/format-time";
import { useState, type FormEvent } from "react";
import type { AlertRuleView } from "@/lib/alerts/alert-rule-view";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorBox } from "@/components/ui/error-box";
import { TableSkeleton } from "@/components/ui/skeleton";
import { useAlertRules, useAlertsMutation } from "./use-alert-queries";

// Alert rules: the statistical detectors (kind "anomaly") and the rules people write. Security and admins
// edit them; everyone who sees alerts sees them. The form is driven by one field table per kind, the
// server checks the config against the same contract (lib/alerts/schema.ts).

type Field = { key: string; label: string; type: "number" | "text" | "select" | "multi"; options?: string[]; def: string | number | string[]; step?: string };

const QUIET = (def: number): Field => ({ key: "quietMinutes", label: "Resolve after quiet minutes", type: "number", def });

export const RULE_FIELDS: Record<string, { label: string; fields: Field[] }> = {
  anomaly: {
    label: "Unusual vs the usual for this hour (statistical)",
    fields: [
      { key: "metric", label: "Metric", type: "select", options: ["error_rate", "calls", "cost", "latency"], def: "error_rate" },
      { key: "dimensions", label: "Per", type: "multi", options: ["tool", "server", "team", "gateway", "user"], def: ["tool", "server", "team", "gateway", "user"] },
      { key: "sensitivity", label: "Fires at how many times the usual spread (higher is quieter)", type: "number", def: 5, step: "0.5" },
      QUIET(10),
    ],
  },
  error_rate: {
    label: "Error rate above a threshold",
    fields: [
      { key: "thresholdPercent", label: "Error rate above (%)", type: "number", def: 20, step: "0.1" },
      { key: "windowMinutes", label: "Over minutes", type: "number", def: 15 },
      { key: "minCalls", label: "With at least calls", type: "number", def: 20 },
      { key: "dimension", label: "Per", type: "select", options: ["tool", "server", "team", "gateway", "all"], def: "tool" },
      { key: "pattern", label: "Matching (glob)", type: "text", def: "*" },
      QUIET(10),
    ],
  },
  spend: {
    label: "Spend above an amount",
    fields: [
      { key: "thresholdUsd", label: "Spend above (USD)", type: "number", def: 50, step: "0.01" },
      { key: "windowMinutes", label: "Over minutes", type: "number", def: 60 },
      { key: "dimension", label: "Per", type: "select", options: ["all", "team", "user", "tool", "server", "gateway"], def: "all" },
      { key: "pattern", label: "Matching (glob)", type: "text", def: "*" },
      QUIET(10),
    ],
  },
  tool_call: {
    label: "Any call to a tool",
    fields: [
      { key: "toolPattern", label: "Tool (glob)", type: "text", def: "*delete*" },
      { key: "serverPattern", label: "Server (glob)", type: "text", def: "*" },
      QUIET(15),
    ],
  },
  risk_flag: {
    label: "Any event with a risk flag",
    fields: [
      { key: "flag", label: "Risk flag", type: "text", def: "prompt_injection" },
      { key: "toolPattern", label: "Tool (glob)", type: "text", def: "*" },
      QUIET(15),
    ],
  },
  first_use: { label: "First use of a server or tool", fields: [{ key: "what", label: "What", type: "select", options: ["tool", "server"], def: "tool" }, QUIET(60)] },
  gateway_silent: {
    label: "Gateway silent",
    fields: [
      { key: "windowMinutes", label: "Silent for minutes", type: "number", def: 15 },
      { key: "gatewayPattern", label: "Gateway name (glob)", type: "text", def: "*" },
      QUIET(0),
    ],
  },
  new_params: {
    label: "Params never seen before",
    fields: [
      { key: "toolPattern", label: "Tool (glob)", type: "text", def: "*" },
      { key: "sizeFactor", label: "Size above × the largest seen", type: "number", def: 3, step: "0.1" },
      { key: "minSamples", label: "Learn from calls first", type: "number", def: 20 },
      QUIET(30),
    ],
  },
};

export function describeRule(r: Pick<AlertRuleView, "kind" | "config">): string {
  const c = r.config as Record<string, unknown>;
  switch (r.kind) {
    case "anomaly":
      return `${String(c.metric).replace("_", " ")} per ${(c.dimensions as string[] | undefined)?.join(", ")}, when it moves more than ${c.sensitivity} times its usual spread away from its usual level for that hour of the week`;
    case "error_rate":
      return `error rate > ${c.thresholdPercent} % over ${c.windowMinutes} min, ≥ ${c.minCalls} calls, per ${c.dimension}${c.pattern !== "*" ? ` ${c.pattern}` : ""}`;
    case "spend":
      return `spend > $${c.thresholdUsd} in ${c.windowMinutes} min, per ${c.dimension}${c.pattern !== "*" ? ` ${c.pattern}` : ""}`;
    case "tool_call":
      return `any call to ${c.toolPattern}${c.serverPattern !== "*" ? ` on ${c.serverPattern}` : ""}`;
    case "risk_flag":
      return `any event flagged ${c.flag}${c.toolPattern !== "*" ? ` on ${c.toolPattern}` : ""}`;
    case "first_use":
      return `first use of a ${c.what}`;
    case "gateway_silent":
      return `${c.gatewayPattern} silent for ${c.windowMinutes} min`;
    case "new_params":
      return `new params of ${c.toolPattern} (keys, or size > ${c.sizeFactor}×)`;
    default:
      return r.kind;
  }
}

function ruleState(r: AlertRuleView, zone: string): string {
  if (!r.enabled) return "disabled";
  if (r.muted) return "muted";
  if (r.snoozedUntil && Date.parse(r.snoozedUntil) > Date.now()) return `snoozed until ${formatTime({ value: r.snoozedUntil, zone })}`;
  return "active";
}

export function AlertRulesAdmin({ canEdit }: { canEdit: boolean }) {
  const rules = useAlertRules();
  const [editing, setEditing] = useState<AlertRuleView | "new" | null>(null);
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">
        Detectors run every minute over the rollups. Statistical rules compare each tool, server, team, gateway and user with its usual level for this hour of the
        week; the others fire on fixed conditions. An alert stays open while its condition lasts and resolves itself after the quiet period. Mute a rule to stop it,
        snooze it for a while.
      </p>
      {canEdit && editing === null && (
        <button className="btn btn-primary" type="button" onClick={() => setEditing("new")}>
          New rule
        </button>
      )}
      {canEdit && editing !== null && <RuleForm rule={editing === "new" ? null : editing} onDone={() => setEditing(null)} />}
      <div className="card overflow-x-auto p-0">
        {rules.isPending ? (
          <div className="p-4">
            <TableSkeleton />
          </div>
        ) : rules.error ? (
          <div className="p-4">
            <ErrorBox error={rules.error} />
          </div>
        ) : rules.data.rules.length === 0 ? (
          <EmptyState title="No alert rules yet">The statistical detectors are created the first time the detector job runs.</EmptyState>
        ) : (
          <table className="table" aria-label="Alert rules">
            <thead>
              <tr>
                <th>Rule</th>
                <th>Condition</th>
                <th>Severity</th>
                <th>State</th>
                <th>Last fired</th>
                <th className="text-right">Alerts raised</th>
                {canEdit && <th><span className="sr-only">Actions</span></th>}
              </tr>
            </thead>
            <tbody>
              {rules.data.rules.map((r) => (
                <RuleRow key={r.id} rule={r} canEdit={canEdit} onEdit={() => setEditing(r)} />
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}

function RuleRow({ rule, canEdit, onEdit }: { rule: AlertRuleView; canEdit: boolean; onEdit: () => void }) {
  const patch = useAlertsMutation<Record<string, unknown>>((body) => ({ url: `/api/alert-rules/${rule.id}`, method: "PATCH", body }));
  const remove = useAlertsMutation<void>(() => ({ url: `/api/alert-rules/${rule.id}`, method: "DELETE" }));
  const snoozed = rule.snoozedUntil !== null && Date.parse(rule.snoozedUntil) > Date.now();
  const zone = useTimeZone();
  return (
    <tr data-testid={`alert-rule-${rule.name}`}>
      <td className="font-medium">{rule.name}</td>
      <td className="text-sm text-slate-700">{describeRule(rule)}</td>
      <td>{rule.severity}</td>
      <td className="text-sm">{ruleState(rule, zone)}</td>
      <td className="whitespace-nowrap text-sm" data-testid="rule-last-fired">
        {rule.lastFiredAt ? <TimeText value={rule.lastFiredAt} /> : "never"}
      </td>
      <td className="text-right tabular-nums" data-testid="rule-alerts-raised">
        {rule.alertsRaised.toLocaleString("en-US")}
      </td>
      {canEdit && (
        <td className="space-x-1 whitespace-nowrap text-right">
          <button className="btn" type="button" onClick={onEdit}>
            Edit
          </button>
          <button className="btn" type="button" disabled={patch.isPending} onClick={() => patch.mutate({ muted: !rule.muted })}>
            {rule.muted ? "Unmute" : "Mute"}
          </button>
          <button
            className="btn"
            type="button"
            disabled={patch.isPending}
            onClick={() => patch.mutate({ snoozedUntil: snoozed ? null : new Date(Date.now() + 3_600_000).toISOString() })}
          >
            {snoozed ? "Wake" : "Snooze 1 h"}
          </button>
          <button className="btn" type="button" disabled={patch.isPending} onClick={() => patch.mutate({ enabled: !rule.enabled })}>
            {rule.enabled ? "Disable" : "Enable"}
          </button>
          <button
            className="btn btn-danger"
            type="button"
            disabled={remove.isPending}
            onClick={() => {
              if (window.confirm(`Delete the rule “${rule.name}”?`)) remove.mutate();
            }}
          >
            Delete
          </button>
          <ErrorBox error={patch.error ?? remove.error} />
        </td>
      )}
    </tr>
  );
}

function RuleForm({ rule, onDone }: { rule: AlertRuleView | null; onDone: () => void }) {
  const [kind, setKind] = useState(rule?.kind ?? "error_rate");
  const save = useAlertsMutation<Record<string, unknown>>((body) =>
    rule ? { url: `/api/alert-rules/${rule.id}`, method: "PATCH", body } : { url: "/api/alert-rules", method: "POST", body },
  );
  const spec = RULE_FIELDS[kind];
  const current = (rule?.config ?? {}) as Record<string, unknown>;
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const config: Record<string, unknown> = {};
    for (const field of spec.fields) {
      if (field.type === "multi") config[field.key] = f.getAll(field.key).map(String);
      else if (field.type === "number") config[field.key] = Number(f.get(field.key));
      else config[field.key] = String(f.get(field.key) ?? "").trim();
    }
    const base = { name: String(f.get("name") ?? "").trim(), severity: String(f.get("severity")), config };
    save.mutate(rule ? base : { ...base, kind }, { onSuccess: () => onDone() });
  }
  return (
    <form className="card space-y-3" onSubmit={onSubmit} aria-label={rule ? `Edit rule ${rule.name}` : "New alert rule"}>
      <h2 className="font-semibold">{rule ? `Edit “${rule.name}”` : "New alert rule"}</h2>
      <div className="grid gap-3 sm:grid-cols-3">
        <div>
          <label className="label" htmlFor="rule-name">
            Name
          </label>
          <input className="input" id="rule-name" name="name" required maxLength={120} defaultValue={rule?.name ?? ""} />
        </div>
        <div>
          <label className="label" htmlFor="rule-kind">
            Kind
          </label>
          <select className="input" id="rule-kind" value={kind} disabled={!!rule} onChange={(e) => setKind(e.target.value)}>
            {Object.entries(RULE_FIELDS).map(([k, v]) => (
              <option key={k} value={k}>
                {v.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label className="label" htmlFor="rule-severity">
            Severity
          </label>
          <select className="input" id="rule-severity" name="severity" defaultValue={rule?.severity ?? "warning"}>
            <option value="info">info</option>
            <option value="warning">warning</option>
            <option value="critical">critical</option>
          </select>
        </div>
      </div>
      <div className="grid gap-3 sm:grid-cols-3" key={kind}>
        {spec.fields.map((field) => {
          const id = `rule-${field.key}`;
          const value = current[field.key] ?? field.def;
          if (field.type === "multi") {
            return (
              <fieldset key={field.key} className="sm:col-span-3">
                <legend className="label">{field.label}</legend>
                <div className="flex flex-wrap gap-3">
                  {field.options!.map((o) => (
                    <label key={o} className="flex items-center gap-1 text-sm">
                      <input type="checkbox" name={field.key} value={o} defaultChecked={(value as string[]).includes(o)} /> {o}
                    </label>
                  ))}
                </div>
              </fieldset>
            );
          }
          return (
            <div key={field.key}>
              <label className="label" htmlFor={id}>
                {field.label}
              </label>
              {field.type === "select" ? (
                <select className="input" id={id} name={field.key} defaultValue={String(value)}>
                  {field.options!.map((o) => (
                    <option key={o} value={o}>
                      {o}
                    </option>
                  ))}
                </select>
              ) : (
                <input className="input" id={id} name={field.key} type={field.type} step={field.step} required defaultValue={String(value)} />
              )}
            </div>
          );
        })}
      </div>
      <ErrorBox error={save.error} />
      <div className="flex gap-2">
        <button className="btn btn-primary" type="submit" disabled={save.isPending}>
          {rule ? "Save rule" : "Create rule"}
        </button>
        <button className="btn" type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
