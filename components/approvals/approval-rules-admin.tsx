"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/lib/http/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { ApprovalRuleView } from "@/lib/approvals/approval-rule-view";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorBox } from "@/components/ui/error-box";
import { TableSkeleton } from "@/components/ui/skeleton";
import { SigningKeysCard } from "./signing-keys-card";
import { StandingRulesList } from "./standing-rules-list";
import { useApprovalRules } from "./use-approval-queries";

type RuleResult = { rule: ApprovalRuleView; webhookSecret?: string };

function formatTimeout(s: number): string {
  return s % 3600 === 0 ? `${s / 3600} h` : s % 60 === 0 ? `${s / 60} min` : `${s} s`;
}

/** Which calls need a person: the rules in the order they are tried; security and admins edit them. */
export function ApprovalRulesAdmin({ canEdit }: { canEdit: boolean }) {
  const rules = useApprovalRules();
  const [editing, setEditing] = useState<ApprovalRuleView | "new" | null>(null);
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">
        A call needs approval when a rule applies: its gateway, server and tool match the rule&apos;s patterns (<code>*</code>, <code>?</code>,{" "}
        <code>{"{a,b}"}</code>, case-insensitive), its estimated cost reaches the threshold, and it carries one of the rule&apos;s risk flags (when set). The
        first applicable rule (lowest priority number) sets the terms; without one, a request needs one approval within 5 minutes.
      </p>
      {canEdit && editing === null && (
        <button className="btn btn-primary" type="button" onClick={() => setEditing("new")}>
          New rule
        </button>
      )}
      {canEdit && editing !== null && (
        <RuleForm
          rule={editing === "new" ? null : editing}
          onDone={(res) => {
            setEditing(null);
            if (res?.webhookSecret) setSecret({ name: res.rule.name, secret: res.webhookSecret });
          }}
        />
      )}
      {secret && (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Webhook signing secret for {secret.name}, shown once: <code className="font-mono" data-testid="webhook-secret">{secret.secret}</code>
        </p>
      )}
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
          <EmptyState title="No approval rules">Gateways only ask for approval when their own configuration says so.</EmptyState>
        ) : (
          <table className="table" aria-label="Approval rules">
            <thead>
              <tr>
                <th>Priority</th>
                <th>Rule</th>
                <th>Applies to</th>
                <th>Terms</th>
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
      <StandingRulesList />
      {canEdit && <SigningKeysCard />}
    </div>
  );
}

function RuleRow({ rule: r, canEdit, onEdit }: { rule: ApprovalRuleView; canEdit: boolean; onEdit: () => void }) {
  const qc = useQueryClient();
  const remove = useMutation({
    mutationFn: () => apiFetch(`/api/approval-rules/${r.id}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.approvals.all }),
  });
  return (
    <tr data-testid={`rule-row-${r.name}`} className={r.enabled ? "" : "text-slate-400"}>
      <td className="font-mono text-xs">{r.priority}</td>
      <td>
        <div className="font-medium">{r.name}</div>
        {!r.enabled && <span className="text-xs">disabled</span>}
      </td>
      <td className="font-mono text-xs">
        <div>gateway {r.gatewayPattern}</div>
        <div>server {r.serverPattern}</div>
        <div>tool {r.toolPattern}</div>
        {r.minCostUsd && <div>cost ≥ ${r.minCostUsd}</div>}
        {r.riskFlags.length > 0 && <div>flags {r.riskFlags.join(", ")}</div>}
      </td>
      <td className="text-xs">
        <div>
          {r.requiredApprovals} approval{r.requiredApprovals > 1 ? "s" : ""} within {formatTimeout(r.timeoutSeconds)}
        </div>
        {r.requireCommentToApprove && <div>comment required to approve</div>}
        {r.humanEveryTime && <div>human every time (no standing rules)</div>}
        {r.reviewerTeam && <div>team {r.reviewerTeam} decides</div>}
        <div>{r.warnAtPercent > 0 ? `warned at ${r.warnAtPercent} % of the time` : "no expiry warning"}{r.escalationTeam ? `, escalated to ${r.escalationTeam} at ${r.escalateAtPercent} %` : ""}</div>
        {r.webhookUrl && <div className="break-all">webhook {r.webhookUrl}</div>}
      </td>
      {canEdit && (
        <td className="whitespace-nowrap text-right">
          <button className="btn mr-2" type="button" onClick={onEdit}>
            Edit
          </button>
          <button
            className="btn"
            type="button"
            disabled={remove.isPending}
            onClick={() => {
              if (window.confirm(`Delete rule "${r.name}"? Past requests keep their terms.`)) remove.mutate();
            }}
          >
            Delete
          </button>
          <ErrorBox error={remove.error} />
        </td>
      )}
    </tr>
  );
}

function RuleForm({ rule, onDone }: { rule: ApprovalRuleView | null; onDone: (res?: RuleResult) => void }) {
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      rule ? apiFetch<RuleResult>(`/api/approval-rules/${rule.id}`, { method: "PATCH", body }) : apiFetch<RuleResult>("/api/approval-rules", { method: "POST", body }),
    onSuccess: (res) => {
      void qc.invalidateQueries({ queryKey: queryKeys.approvals.all });
      onDone(res);
    },
  });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const str = (k: string) => String(f.get(k) ?? "").trim();
    const num = (k: string) => (str(k) === "" ? null : Number(str(k)));
    save.mutate({
      name: str("name"),
      enabled: f.get("enabled") === "on",
      priority: num("priority") ?? 100,
      gatewayPattern: str("gatewayPattern") || "*",
      serverPattern: str("serverPattern") || "*",
      toolPattern: str("toolPattern") || "*",
      minCostUsd: num("minCostUsd"),
      riskFlags: str("riskFlags").split(",").map((s) => s.trim()).filter(Boolean),
      requiredApprovals: num("requiredApprovals") ?? 1,
      timeoutSeconds: Math.round((num("timeoutMinutes") ?? 5) * 60),
      requireCommentToApprove: f.get("requireCommentToApprove") === "on",
      humanEveryTime: f.get("humanEveryTime") === "on",
      reviewerTeam: str("reviewerTeam") || null,
      warnAtPercent: num("warnAtPercent") ?? 50,
      escalationTeam: str("escalationTeam") || null,
      escalateAtPercent: num("escalateAtPercent") ?? 75,
      webhookUrl: str("webhookUrl") || null,
      ...(rule && f.get("rotateWebhookSecret") === "on" ? { rotateWebhookSecret: true } : {}),
    });
  }
  const field = (name: string, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <div>
      <label className="label" htmlFor={`rule-${name}`}>
        {label}
      </label>
      <input className="input" id={`rule-${name}`} name={name} {...props} />
    </div>
  );
  return (
    <form className="card space-y-3" aria-label={rule ? "Edit rule" : "New rule"} onSubmit={onSubmit}>
      <h2 className="font-semibold">{rule ? `Edit ${rule.name}` : "New approval rule"}</h2>
      <div className="grid gap-3 sm:grid-cols-3">
        {field("name", "Name", { required: true, maxLength: 120, defaultValue: rule?.name })}
        {field("priority", "Priority (lower first)", { type: "number", min: 0, max: 10000, defaultValue: rule?.priority ?? 100 })}
        {field("gatewayPattern", "Gateway pattern", { defaultValue: rule?.gatewayPattern ?? "*" })}
        {field("serverPattern", "Server pattern", { defaultValue: rule?.serverPattern ?? "*" })}
        {field("toolPattern", "Tool pattern", { defaultValue: rule?.toolPattern ?? "*" })}
        {field("minCostUsd", "Estimated cost at least (USD)", { type: "number", min: 0, step: "any", defaultValue: rule?.minCostUsd ?? "" })}
        {field("riskFlags", "Risk flags (comma-separated, any of)", { defaultValue: rule?.riskFlags.join(", ") ?? "" })}
        {field("requiredApprovals", "Approvals required", { type: "number", min: 1, max: 10, defaultValue: rule?.requiredApprovals ?? 1 })}
        {field("timeoutMinutes", "Timeout (minutes, max 1440)", { type: "number", min: 0.5, max: 1440, step: "any", defaultValue: (rule?.timeoutSeconds ?? 300) / 60 })}
        {field("reviewerTeam", "Only this reviewer team (optional)", { defaultValue: rule?.reviewerTeam ?? "" })}
        {field("warnAtPercent", "Warn reviewers at (% of the time; 0 = never)", { type: "number", min: 0, max: 99, defaultValue: rule?.warnAtPercent ?? 50 })}
        {field("escalationTeam", "Escalate to team (optional)", { maxLength: 120, defaultValue: rule?.escalationTeam ?? "" })}
        {field("escalateAtPercent", "Escalate at (% of the time)", { type: "number", min: 1, max: 99, defaultValue: rule?.escalateAtPercent ?? 75 })}
        {field("webhookUrl", "Webhook URL announcing requests (optional)", { type: "url", defaultValue: rule?.webhookUrl ?? "" })}
      </div>
      <div className="flex flex-wrap gap-4 text-sm">
        <label className="flex items-center gap-1">
          <input type="checkbox" name="enabled" defaultChecked={rule?.enabled ?? true} /> Enabled
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" name="requireCommentToApprove" defaultChecked={rule?.requireCommentToApprove ?? false} /> Comment required to approve
        </label>
        <label className="flex items-center gap-1" title="Standing rules (Always allow…) never approve a request under this rule: a person decides each one.">
          <input type="checkbox" name="humanEveryTime" defaultChecked={rule?.humanEveryTime ?? false} /> Human every time (no standing rules)
        </label>
        {rule?.webhookUrl && (
          <label className="flex items-center gap-1">
            <input type="checkbox" name="rotateWebhookSecret" /> New webhook secret
          </label>
        )}
      </div>
      <ErrorBox error={save.error} />
      <div className="flex gap-2">
        <button className="btn btn-primary" type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save rule"}
        </button>
        <button className="btn" type="button" onClick={() => onDone()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
