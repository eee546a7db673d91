"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useRef, useState, type FormEvent } from "react";
import { apiFetch, ApiClientError } from "@/lib/http/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { StandingRuleEligibility } from "@/lib/approvals/check-standing-rule-eligibility";
import type { StandingRuleView } from "@/lib/approvals/standing-rule-view";
import { DEFAULT_STANDING_RULE_DAYS, MAX_STANDING_RULE_DAYS, type ParamConstraint } from "@/lib/approvals/standing-rule-schema";
import { MASK_PREFIX } from "@/lib/guards/mask-secrets";
import { TimeText } from "@/components/ui/time-text";
import { UntrustedText } from "@/components/ui/untrusted-text";

// "Always allow…" on a request (issue 19 item 7): a standing rule for this tool and this user (or team),
// with an explicit constraint per top-level param that the reviewer sees and edits, for N days.

type Kind = ParamConstraint["kind"];
interface Row {
  key: string;
  kind: Kind;
  /** exact: the value (a string as typed, any other JSON as JSON text); glob: the pattern. */
  text: string;
  isString: boolean;
}

function rowsFrom(prefill: StandingRuleEligibility["prefill"]): Row[] {
  return Object.entries(prefill).map(([key, c]) => {
    const value = c.kind === "exact" ? c.value : null;
    return { key, kind: "exact", text: typeof value === "string" ? value : JSON.stringify(value), isString: typeof value === "string" };
  });
}

/** Builds the constraints, or the per-field errors a reviewer must fix first. */
function constraintsOf(rows: Row[]): { constraints: Record<string, ParamConstraint>; errors: Record<string, string> } {
  const constraints: Record<string, ParamConstraint> = {};
  const errors: Record<string, string> = {};
  for (const r of rows) {
    if (r.kind === "any") constraints[r.key] = { kind: "any" };
    else if (r.kind === "glob") {
      if (!r.text.trim()) errors[`constraints.${r.key}`] = "Give a pattern (* any run, ? one character, {a,b} alternatives).";
      else constraints[r.key] = { kind: "glob", pattern: r.text.trim() };
    } else if (r.isString) constraints[r.key] = { kind: "exact", value: r.text };
    else {
      try {
        constraints[r.key] = { kind: "exact", value: JSON.parse(r.text) as never };
      } catch {
        errors[`constraints.${r.key}`] = "Not valid JSON (write a string in quotes).";
      }
    }
  }
  return { constraints, errors };
}

export function StandingRuleAction({ approvalId }: { approvalId: string }) {
  const eligibility = useQuery({
    queryKey: [...queryKeys.approvals.all, "standing-eligibility", approvalId],
    queryFn: () => apiFetch<{ eligibility: StandingRuleEligibility }>(`/api/standing-rules?approvalId=${approvalId}`),
    staleTime: 5_000,
  });
  const dialog = useRef<HTMLDialogElement>(null);
  const [saved, setSaved] = useState<StandingRuleView | null>(null);
  const [formKey, setFormKey] = useState(0);
  const whyId = useId();
  if (!eligibility.data) return null;
  const e = eligibility.data.eligibility;
  return (
    <section className="flex flex-wrap items-center gap-2 text-sm" aria-label="Standing rule">
      <button
        type="button"
        className="btn"
        disabled={!e.allowed}
        aria-describedby={e.allowed ? undefined : whyId}
        onClick={() => {
          setFormKey((k) => k + 1);
          dialog.current?.showModal();
        }}
      >
        Always allow…
      </button>
      {!e.allowed && (
        <span id={whyId} className="text-xs text-slate-600" data-testid="standing-rule-unavailable">
          No standing rule: {e.reason}
        </span>
      )}
      {saved && (
        <span role="status" className="text-xs text-emerald-700" data-testid="standing-rule-saved">
          Saved as {saved.label}: later matching requests are approved by it until <TimeText value={saved.expiresAt} /> (revoke it under
          Rules).
        </span>
      )}
      <dialog
        ref={dialog}
        aria-labelledby={`${whyId}-title`}
        className="w-full max-w-2xl rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40"
        // The queue's shortcuts (j/k, a, d, x) listen on the window: keys typed in the dialog stay in it.
        onKeyDown={(ev) => ev.stopPropagation()}
      >
        {e.allowed && (
          <StandingRuleForm
            key={formKey}
            eligibility={e}
            titleId={`${whyId}-title`}
            onClose={() => dialog.current?.close()}
            onSaved={(rule) => {
              setSaved(rule);
              dialog.current?.close();
            }}
          />
        )}
      </dialog>
    </section>
  );
}

function StandingRuleForm({
  eligibility: e,
  titleId,
  onClose,
  onSaved,
}: {
  eligibility: StandingRuleEligibility;
  titleId: string;
  onClose: () => void;
  onSaved: (rule: StandingRuleView) => void;
}) {
  const qc = useQueryClient();
  const [scope, setScope] = useState<"user" | "team">("user");
  const [days, setDays] = useState(String(DEFAULT_STANDING_RULE_DAYS));
  const [rows, setRows] = useState<Row[]>(() => rowsFrom(e.prefill));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (body: unknown) => apiFetch<{ standingRule: StandingRuleView }>("/api/standing-rules", { method: "POST", body }),
    onSuccess: (res) => {
      void qc.invalidateQueries({ queryKey: queryKeys.approvals.all });
      onSaved(res.standingRule);
    },
    onError: (err) => {
      if (err instanceof ApiClientError && err.issues?.length) setErrors(Object.fromEntries(err.issues.map((i) => [i.path.replace(/\.(kind|value|pattern)$/, ""), i.message])));
    },
  });

  function onSubmit(ev: FormEvent<HTMLFormElement>) {
    ev.preventDefault();
    const { constraints, errors: found } = constraintsOf(rows);
    const n = Number(days);
    if (!Number.isInteger(n) || n < 1 || n > MAX_STANDING_RULE_DAYS) found.days = `A whole number of days from 1 to ${MAX_STANDING_RULE_DAYS}.`;
    setErrors(found);
    if (Object.keys(found).length) {
      const first = Object.keys(found)[0];
      document.getElementById(fieldId(first))?.focus();
      return;
    }
    save.mutate({ approvalId: e.approvalId, scope, days: n, constraints });
  }
  const update = (i: number, patch: Partial<Row>) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const errorCount = Object.keys(errors).length;

  return (
    <form className="space-y-4 p-5" onSubmit={onSubmit} noValidate aria-label="Always allow">
      <h2 id={titleId} className="text-lg font-semibold">
        Always allow <UntrustedText value={e.tool} /> <span className="font-normal text-slate-500">on <UntrustedText value={e.server} /></span>
      </h2>
      <p className="text-sm text-slate-600">
        Later requests for this tool under the same approval rule, from a verified identity, whose params meet every constraint below, are approved by
        Warden itself as a signed decision whose reviewer reads &ldquo;standing rule N&rdquo;. A param not listed, or one that breaks its constraint, goes
        to a person as today. This request itself still needs your decision.
      </p>
      {errorCount > 0 && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          Fix {errorCount === 1 ? "the field" : `the ${errorCount} fields`} marked below.
        </p>
      )}
      <fieldset>
        <legend className="label">For</legend>
        <div className="flex flex-wrap gap-4 text-sm" id={fieldId("scope")}>
          <label className="flex items-center gap-1">
            <input type="radio" name="scope" value="user" checked={scope === "user"} onChange={() => setScope("user")} /> this user,{" "}
            <strong>
              <UntrustedText value={e.userId} />
            </strong>
          </label>
          {e.scopes.includes("team") && e.team && (
            <label className="flex items-center gap-1">
              <input type="radio" name="scope" value="team" checked={scope === "team"} onChange={() => setScope("team")} /> everyone in team{" "}
              <strong>
                <UntrustedText value={e.team} />
              </strong>
            </label>
          )}
        </div>
        <FieldError name="scope" errors={errors} />
      </fieldset>

      <fieldset>
        <legend className="label">Params like these</legend>
        {rows.length === 0 ? (
          <p className="text-sm text-slate-600">This call has no params: only calls without params are allowed.</p>
        ) : (
          <table className="table text-sm">
            <thead>
              <tr>
                <th>Param</th>
                <th>Constraint</th>
                <th>Value or pattern</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => {
                const name = `constraints.${r.key}`;
                return (
                  <tr key={r.key}>
                    <td className="font-mono text-xs">
                      <UntrustedText value={r.key} />
                    </td>
                    <td>
                      <select
                        className="input"
                        aria-label={`Constraint for ${r.key}`}
                        value={r.kind}
                        onChange={(ev) => update(i, { kind: ev.target.value as Kind })}
                      >
                        <option value="exact">exactly</option>
                        <option value="glob">matches pattern</option>
                        <option value="any">any value</option>
                      </select>
                    </td>
                    <td>
                      {r.kind === "any" ? (
                        <span className="text-xs text-slate-500">any value (the param must be present)</span>
                      ) : (
                        <input
                          id={fieldId(name)}
                          className="input font-mono text-xs"
                          aria-label={`${r.kind === "glob" ? "Pattern" : "Value"} for ${r.key}`}
                          aria-invalid={errors[name] ? true : undefined}
                          aria-describedby={errors[name] ? `${fieldId(name)}-error` : undefined}
                          value={r.text}
                          onChange={(ev) => update(i, { text: ev.target.value })}
                        />
                      )}
                      {r.kind === "exact" && r.isString && r.text.startsWith(MASK_PREFIX) && (
                        <p className="mt-1 text-xs text-amber-700">A masked secret never matches exactly: choose a pattern or any value.</p>
                      )}
                      <FieldError name={name} errors={errors} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <p className="mt-1 text-xs text-slate-500">
          Patterns: <code>*</code> any run of characters, <code>?</code> one, <code>{"{a,b}"}</code> alternatives, case-insensitive; they match text
          values only. Exactly: the same value (text as typed, anything else as JSON).
        </p>
      </fieldset>

      <div>
        <label className="label" htmlFor={fieldId("days")}>
          For how many days (1–{MAX_STANDING_RULE_DAYS})
        </label>
        <input
          id={fieldId("days")}
          className="input w-28"
          type="number"
          min={1}
          max={MAX_STANDING_RULE_DAYS}
          value={days}
          aria-invalid={errors.days ? true : undefined}
          aria-describedby={errors.days ? `${fieldId("days")}-error` : undefined}
          onChange={(ev) => setDays(ev.target.value)}
        />
        <FieldError name="days" errors={errors} />
      </div>

      {save.error && !(save.error instanceof ApiClientError && save.error.issues?.length) && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {save.error.message}
        </p>
      )}
      <div className="flex gap-2">
        <button className="btn btn-primary" type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save standing rule"}
        </button>
        <button className="btn" type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function fieldId(name: string): string {
  return `standing-${name.replace(/[^a-zA-Z0-9_-]/g, "_")}`;
}

function FieldError({ name, errors }: { name: string; errors: Record<string, string> }) {
  if (!errors[name]) return null;
  return (
    <p id={`${fieldId(name)}-error`} className="mt-1 text-xs text-red-700">
      {errors[name]}
    </p>
  );
}
