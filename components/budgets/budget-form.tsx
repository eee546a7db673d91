"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { apiFetch, ApiClientError } from "@/lib/http/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { BudgetView } from "@/lib/budgets/budget-view";
import { BUDGET_SCOPES, type BudgetScopeName } from "@/lib/budgets/schema";
import { ErrorBox } from "@/components/ui/error-box";
import { useBudgetScopeOptions } from "./use-budget-queries";

const VALUE_LABEL: Record<Exclude<BudgetScopeName, "global">, string> = {
  team: "Team",
  user: "User id",
  gateway: "Gateway",
  server: "MCP server",
  tool: "Tool",
};

const SCOPE_TEXT: Record<BudgetScopeName, string> = {
  global: "every call",
  team: "a team",
  user: "a user",
  gateway: "a gateway",
  server: "an MCP server",
  tool: "a tool",
};

/** "50, 80, 100" → [50, 80, 100]; anything that is not a whole number is left for the server to refuse. */
function parseThresholds(text: string): unknown[] {
  return text
    .split(/[,\s]+/)
    .filter(Boolean)
    .map((t) => (/^\d+$/.test(t) ? Number(t) : t));
}

/**
 * Create a budget, or edit one (scope and period are fixed once created: a different scope or period is
 * a different budget). Labels on every field; the server's field errors are shown as they come.
 */
export function BudgetForm({ budget, onDone }: { budget?: BudgetView; onDone?: (b: BudgetView) => void }) {
  const qc = useQueryClient();
  const id = useId();
  const editing = budget !== undefined;
  const [scope, setScope] = useState<BudgetScopeName>(budget?.scope ?? "team");
  const options = useBudgetScopeOptions();
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      editing
        ? apiFetch<{ budget: BudgetView }>(`/api/budgets/${budget.id}`, { method: "PATCH", body })
        : apiFetch<{ budget: BudgetView }>("/api/budgets", { method: "POST", body }),
    onSuccess: (res, _vars) => {
      void qc.invalidateQueries({ queryKey: queryKeys.budgets.all });
      onDone?.(res.budget);
    },
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const str = (k: string) => String(f.get(k) ?? "").trim();
    const optional = (k: string) => str(k) || null;
    const body: Record<string, unknown> = {
      name: str("name"),
      limitUsd: str("limitUsd"),
      mode: str("mode"),
      thresholds: parseThresholds(str("thresholds")),
      approvalAboveUsd: optional("approvalAboveUsd"),
      webhookUrl: optional("webhookUrl"),
    };
    if (str("webhookSecret")) body.webhookSecret = str("webhookSecret");
    if (!editing) {
      body.scope = scope;
      body.period = str("period");
      if (scope !== "global") body.scopeValue = str("scopeValue");
    }
    save.mutate(body, { onSuccess: () => !editing && form.reset() });
  }

  const fieldError = (path: string) =>
    save.error instanceof ApiClientError ? save.error.issues?.find((i) => i.path === path)?.message : undefined;
  const f = (name: string) => `${id}-${name}`;
  const listId = f("suggestions");
  const suggestions = scope === "team" ? options.data?.teams : scope === "server" ? options.data?.servers : scope === "tool" ? options.data?.tools : undefined;

  return (
    <form className="space-y-4" onSubmit={onSubmit} aria-label={editing ? "Edit budget" : "Create budget"}>
      <div className="grid gap-3 sm:grid-cols-3">
        <div>
          <label className="label" htmlFor={f("name")}>Name</label>
          <input className="input" id={f("name")} name="name" required maxLength={200} defaultValue={budget?.name} />
        </div>
        {!editing && (
          <>
            <div>
              <label className="label" htmlFor={f("scope")}>Applies to</label>
              <select className="input" id={f("scope")} name="scope" value={scope} onChange={(e) => setScope(e.target.value as BudgetScopeName)}>
                {BUDGET_SCOPES.map((s) => (
                  <option key={s} value={s}>
                    {SCOPE_TEXT[s]}
                  </option>
                ))}
              </select>
            </div>
            {scope !== "global" && (
              <div>
                <label className="label" htmlFor={f("scopeValue")}>{VALUE_LABEL[scope]}</label>
                {scope === "gateway" ? (
                  <select className="input" id={f("scopeValue")} name="scopeValue" required defaultValue="">
                    <option value="" disabled>
                      Choose a gateway
                    </option>
                    {options.data?.gateways.map((g) => (
                      <option key={g.id} value={g.id}>
                        {g.name}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input className="input" id={f("scopeValue")} name="scopeValue" required maxLength={200} list={suggestions ? listId : undefined} autoComplete="off" />
                )}
                {suggestions && (
                  <datalist id={listId}>
                    {suggestions.map((s) => (
                      <option key={s} value={s} />
                    ))}
                  </datalist>
                )}
                {fieldError("scopeValue") && <p className="mt-1 text-xs text-red-700">{fieldError("scopeValue")}</p>}
              </div>
            )}
          </>
        )}
      </div>
      <div className="grid gap-3 sm:grid-cols-4">
        {!editing && (
          <div>
            <label className="label" htmlFor={f("period")}>Period</label>
            <select className="input" id={f("period")} name="period" defaultValue="month">
              <option value="day">Day</option>
              <option value="week">Week (from Monday)</option>
              <option value="month">Month</option>
            </select>
          </div>
        )}
        <div>
          <label className="label" htmlFor={f("limitUsd")}>Limit (USD)</label>
          <input className="input" id={f("limitUsd")} name="limitUsd" inputMode="decimal" required pattern="\d+(\.\d{1,6})?" defaultValue={budget?.limitUsd} />
          {fieldError("limitUsd") && <p className="mt-1 text-xs text-red-700">{fieldError("limitUsd")}</p>}
        </div>
        <div>
          <label className="label" htmlFor={f("thresholds")}>Alert at (% of limit)</label>
          <input className="input" id={f("thresholds")} name="thresholds" defaultValue={(budget?.thresholds ?? [50, 80, 100]).join(", ")} />
        </div>
        <div>
          <label className="label" htmlFor={f("approvalAboveUsd")}>Approval above (USD per call)</label>
          <input className="input" id={f("approvalAboveUsd")} name="approvalAboveUsd" inputMode="decimal" placeholder="optional" defaultValue={budget?.approvalAboveUsd ?? ""} />
        </div>
      </div>
      <fieldset>
        <legend className="label">When the limit is reached</legend>
        <div className="flex flex-wrap gap-4 text-sm">
          <label className="flex items-center gap-1.5">
            <input type="radio" name="mode" value="hard" defaultChecked={(budget?.mode ?? "hard") === "hard"} /> Hard: refuse new calls
          </label>
          <label className="flex items-center gap-1.5">
            <input type="radio" name="mode" value="soft" defaultChecked={budget?.mode === "soft"} /> Soft: alert only
          </label>
        </div>
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label className="label" htmlFor={f("webhookUrl")}>Webhook URL</label>
          <input className="input" id={f("webhookUrl")} name="webhookUrl" type="url" placeholder="optional: notified at each threshold" defaultValue={budget?.webhookUrl ?? ""} />
          {fieldError("webhookUrl") && <p className="mt-1 text-xs text-red-700">{fieldError("webhookUrl")}</p>}
        </div>
        <div>
          <label className="label" htmlFor={f("webhookSecret")}>Webhook secret</label>
          <input
            className="input"
            id={f("webhookSecret")}
            name="webhookSecret"
            type="password"
            autoComplete="new-password"
            placeholder={budget?.hasWebhookSecret ? "set (leave empty to keep)" : "optional: signs each notification"}
          />
        </div>
      </div>
      <ErrorBox error={save.error} />
      <div className="flex gap-2">
        <button className="btn btn-primary" type="submit" disabled={save.isPending}>
          {editing ? "Save budget" : "Create budget"}
        </button>
        {save.isSuccess && !editing && <span className="self-center text-sm text-emerald-700">Budget created.</span>}
      </div>
    </form>
  );
}
