"use client";
import { TimeText } from "@/components/ui/time-text";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { apiFetch } from "@/lib/http/api-client";
import { queryKeys } from "@/lib/query-keys";
import { KILL_SWITCH_KINDS } from "@/lib/inventory/schema";
import { ErrorBox } from "@/components/ui/error-box";
import { UntrustedText } from "@/components/ui/untrusted-text";
import { useKillSwitches } from "./use-inventory";

/** Active kill switches (lift) and a form to switch off a user, an agent, a server or a gateway. */
export function KillSwitchPanel({ canWrite }: { canWrite: boolean }) {
  const qc = useQueryClient();
  const switches = useKillSwitches();
  const invalidate = () => qc.invalidateQueries({ queryKey: queryKeys.tools.all });
  const create = useMutation({ mutationFn: (body: Record<string, string>) => apiFetch("/api/kill-switches", { method: "POST", body }), onSettled: invalidate });
  const lift = useMutation({ mutationFn: (id: string) => apiFetch(`/api/kill-switches/${id}/lift`, { method: "POST" }), onSettled: invalidate });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    create.mutate({ kind: String(f.get("kind")), value: String(f.get("value") ?? "").trim(), reason: String(f.get("reason") ?? "").trim() }, { onSuccess: () => form.reset() });
  }
  return (
    <section aria-labelledby="kill-heading" className="card space-y-3" id="kill-switches">
      <h2 id="kill-heading" className="text-sm font-semibold text-slate-700">
        Kill switch
      </h2>
      <p className="text-xs text-slate-600">Every gateway refuses the switched-off user, agent, server or whole gateway from its next policy refresh (seconds), until the switch is lifted here.</p>
      <ErrorBox error={switches.error} />
      {switches.data && switches.data.active.length > 0 && (
        <ul className="space-y-1" aria-label="Active kill switches">
          {switches.data.active.map((k) => (
            <li key={k.id} className="flex flex-wrap items-center gap-2 rounded border border-red-200 bg-red-50 px-2 py-1 text-sm">
              <strong>{k.kind}</strong> <UntrustedText value={k.label} /> — <UntrustedText value={k.reason} />
              <span className="text-xs text-slate-600">
                by {k.createdByEmail ?? "?"}, <TimeText value={k.createdAt} />
              </span>
              {canWrite && (
                <button type="button" className="btn ml-auto" disabled={lift.isPending} onClick={() => lift.mutate(k.id)}>
                  Lift
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <ErrorBox error={lift.error} />
      {canWrite && (
        <form className="grid gap-2 sm:grid-cols-[8rem_1fr_1fr_auto]" onSubmit={onSubmit} aria-label="Switch off">
          <div>
            <label className="label" htmlFor="ks-kind">What</label>
            <select className="input" id="ks-kind" name="kind">
              {KILL_SWITCH_KINDS.map((k) => (
                <option key={k}>{k}</option>
              ))}
            </select>
          </div>
          <div>
            <label className="label" htmlFor="ks-value">Name or id</label>
            <input className="input" id="ks-value" name="value" required maxLength={200} placeholder="user id, agent, server, gateway name" />
          </div>
          <div>
            <label className="label" htmlFor="ks-reason">Reason</label>
            <input className="input" id="ks-reason" name="reason" required maxLength={500} />
          </div>
          <button className="btn btn-danger self-end" type="submit" disabled={create.isPending}>
            Switch off
          </button>
          <div className="sm:col-span-4">
            <ErrorBox error={create.error} />
          </div>
        </form>
      )}
    </section>
  );
}
