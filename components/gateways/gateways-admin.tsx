"use client";
import { parseZonedTime } from "@/lib/time/parse-zoned-time";
import { useTimeZone } from "@/components/ui/use-time-zone";
import { TimeText } from "@/components/ui/time-text";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/lib/http/api-client";
import { queryKeys } from "@/lib/query-keys";
import { API_SCOPE_LABELS, API_SCOPES } from "@/lib/gateways/scopes";
import type { GatewayRow } from "@/lib/gateways/schema";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorBox } from "@/components/ui/error-box";
import { TableSkeleton } from "@/components/ui/skeleton";
import { useGateways } from "./use-gateways";
import { HeavyOutputsCoverage } from "./heavy-outputs-coverage";

type KeyRow = GatewayRow["keys"][number];

function ago(iso: string | null): string {
  if (!iso) return "never";
  const s = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

function keyStatus(k: KeyRow): "active" | "revoked" | "expired" | "expiring" {
  if (k.revokedAt) return "revoked";
  if (k.expiresAt && new Date(k.expiresAt).getTime() <= Date.now()) return "expired";
  if (k.expiresAt) return "expiring";
  return "active";
}

/** Gateways, their activity and their API keys; admins register gateways and manage keys here. */
export function GatewaysAdmin({ canWrite }: { canWrite: boolean }) {
  const gateways = useGateways();
  const [revealed, setRevealed] = useState<{ label: string; apiKey: string } | null>(null);
  return (
    <div className="space-y-6">
      {revealed && <KeyReveal {...revealed} onDone={() => setRevealed(null)} />}
      {canWrite && <RegisterGatewayForm onCreated={(name, apiKey) => setRevealed({ label: `First key of ${name}`, apiKey })} />}
      <div className="card overflow-x-auto p-0">
        {gateways.isPending ? (
          <div className="p-4">
            <TableSkeleton />
          </div>
        ) : gateways.error ? (
          <div className="p-4">
            <ErrorBox error={gateways.error} />
          </div>
        ) : gateways.data.gateways.length === 0 ? (
          <EmptyState title="No gateways yet">
            {canWrite ? "Register one above, or run `npm run -s warden -- gateway create --name NAME`." : "An admin registers gateways."}
          </EmptyState>
        ) : (
          <table className="table" aria-label="Gateways">
            <thead>
              <tr>
                <th>Gateway</th>
                <th>Owner team</th>
                <th>Last seen</th>
                <th className="text-right">Events/min (15 min)</th>
                <th className="text-right">Events (24 h)</th>
                <th>Reporting</th>
                <th>Keys</th>
              </tr>
            </thead>
            <tbody>
              {gateways.data.gateways.map((g) => (
                <GatewayRows key={g.id} gateway={g} canWrite={canWrite} onKey={(label, apiKey) => setRevealed({ label, apiKey })} />
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}

function KeyReveal({ label, apiKey, onDone }: { label: string; apiKey: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <section className="card space-y-2 border-amber-300 bg-amber-50" role="status" aria-label="New API key">
      <h2 className="font-semibold">{label}</h2>
      <p className="text-sm text-slate-700">Copy this key now: it is shown once and Warden stores only its hash.</p>
      <div className="flex flex-wrap items-center gap-2">
        <code className="rounded bg-white px-2 py-1 font-mono text-sm break-all" data-testid="new-api-key">
          {apiKey}
        </code>
        <button
          type="button"
          className="btn"
          onClick={() => {
            void navigator.clipboard?.writeText(apiKey).then(() => setCopied(true));
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>
        <button type="button" className="btn btn-primary" onClick={onDone}>
          I saved it
        </button>
      </div>
    </section>
  );
}

function RegisterGatewayForm({ onCreated }: { onCreated: (name: string, apiKey: string) => void }) {
  const qc = useQueryClient();
  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) => apiFetch<{ gatewayId: string; name: string; apiKey: string }>("/api/gateways", { method: "POST", body }),
    onSuccess: (res) => {
      onCreated(res.name, res.apiKey);
      void qc.invalidateQueries({ queryKey: queryKeys.gateways.all });
    },
  });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const str = (k: string) => String(f.get(k) ?? "").trim() || undefined;
    create.mutate({ name: str("name"), description: str("description"), ownerTeam: str("ownerTeam") }, { onSuccess: () => form.reset() });
  }
  return (
    <form className="card space-y-3" onSubmit={onSubmit} aria-label="Register gateway">
      <h2 className="font-semibold">Register a gateway</h2>
      <div className="grid gap-3 sm:grid-cols-3">
        <div>
          <label className="label" htmlFor="gw-name">Name</label>
          <input className="input" id="gw-name" name="name" required maxLength={80} placeholder="edge-prod" />
        </div>
        <div>
          <label className="label" htmlFor="gw-description">Description</label>
          <input className="input" id="gw-description" name="description" maxLength={500} />
        </div>
        <div>
          <label className="label" htmlFor="gw-team">Owner team</label>
          <input className="input" id="gw-team" name="ownerTeam" maxLength={120} />
        </div>
      </div>
      <ErrorBox error={create.error} />
      <button className="btn btn-primary" type="submit" disabled={create.isPending}>
        {create.isPending ? "Registering…" : "Register gateway"}
      </button>
    </form>
  );
}

function GatewayRows({ gateway: g, canWrite, onKey }: { gateway: GatewayRow; canWrite: boolean; onKey: (label: string, apiKey: string) => void }) {
  const [open, setOpen] = useState(false);
  const live = g.keys.filter((k) => keyStatus(k) === "active" || keyStatus(k) === "expiring").length;
  return (
    <>
      <tr data-testid={`gateway-row-${g.name}`}>
        <td className="font-medium">
          {g.name}
          {g.description && <div className="text-xs text-slate-500">{g.description}</div>}
        </td>
        <td>{g.ownerTeam ?? "—"}</td>
        <td className="text-xs text-slate-600" title={g.lastSeenAt ?? undefined}>
          {ago(g.lastSeenAt)}
        </td>
        <td className="text-right tabular-nums">{g.eventsPerMinute.toLocaleString()}</td>
        <td className="text-right tabular-nums">{g.events24h.toLocaleString()}</td>
        <td>
          <HeartbeatSummary heartbeat={g.heartbeat} />
        </td>
        <td>
          <button type="button" className="btn" aria-expanded={open} aria-controls={`keys-${g.id}`} onClick={() => setOpen((o) => !o)}>
            {open ? "Hide keys" : `Keys (${live} live)`}
          </button>
        </td>
      </tr>
      {open && (
        <tr id={`keys-${g.id}`}>
          <td colSpan={7} className="bg-slate-50">
            <KeysPanel gateway={g} canWrite={canWrite} onKey={onKey} />
          </td>
        </tr>
      )}
    </>
  );
}

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The gateway's latest heartbeat: alive or stale, version, policy, spool, counters, fail-open settings and
 * reporting coverage — the events it counted as sent since it started against those Warden holds, and how
 * much of its outputs the heavy rules scanned.
 */
function HeartbeatSummary({ heartbeat: h }: { heartbeat: GatewayRow["heartbeat"] }) {
  if (!h) return <span className="text-xs text-slate-500">no heartbeat</span>;
  const c = h.counters;
  const coverage = c.sent > 0 ? Math.min(100, Math.round((h.receivedSinceStart / c.sent) * 1000) / 10) : null;
  return (
    <div className="space-y-0.5 text-xs" data-testid="gateway-heartbeat">
      <div className="flex flex-wrap items-center gap-2">
        <span className={`rounded px-2 py-0.5 ${h.status === "alive" ? "bg-emerald-50 text-emerald-700" : "bg-red-50 text-red-700"}`} title={`last heartbeat ${h.receivedAt}`}>
          {h.status}
        </span>
        <span>v{h.gatewayVersion}</span>
        <span className="text-slate-500">{ago(h.receivedAt)}</span>
      </div>
      <div className="text-slate-600">
        policy {h.policyEtag ? <code title={h.policyEtag}>{h.policyEtag.replace(/"/g, "").slice(0, 8)}</code> : "none"}
        {h.policyAgeSeconds !== null && `, ${h.policyAgeSeconds} s old`} · spool {h.spool.depthEvents.toLocaleString()} events ({bytes(h.spool.depthBytes)} of {bytes(h.spool.capBytes)})
      </div>
      <div className="text-slate-600">
        calls {c.calls.toLocaleString()} · sent {c.sent.toLocaleString()} · dead-lettered {c.deadLettered.toLocaleString()} · dropped {c.dropped.toLocaleString()}
      </div>
      <div className="text-slate-600" title="Events Warden holds for calls since the gateway started, against the events the gateway counted as sent">
        coverage: received {h.receivedSinceStart.toLocaleString()} of {c.sent.toLocaleString()} sent{coverage !== null && ` (${coverage} %)`}
      </div>
      <HeavyOutputsCoverage view={h.heavyOutputs} />
      {h.upstreams.some((u) => u.status !== "up") && (
        <div className="text-amber-700">upstreams: {h.upstreams.filter((u) => u.status !== "up").map((u) => `${u.name} ${u.status}`).join(", ")}</div>
      )}
      {h.failOpen.length > 0 && (
        <ul className="text-red-700" aria-label="Fails open">
          {h.failOpen.map((f) => (
            <li key={f.setting}>
              fails open: {f.setting}
              {f.detail && ` — ${f.detail}`}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function KeysPanel({ gateway: g, canWrite, onKey }: { gateway: GatewayRow; canWrite: boolean; onKey: (label: string, apiKey: string) => void }) {
  return (
    <div className="space-y-3 py-2">
      {g.keys.length === 0 ? (
        <p className="text-sm text-slate-600">No keys.</p>
      ) : (
        <table className="table" aria-label={`API keys of ${g.name}`}>
          <thead>
            <tr>
              <th>Key</th>
              <th>Scopes</th>
              <th>Status</th>
              <th>Last used</th>
              <th>Created</th>
              {canWrite && <th><span className="sr-only">Actions</span></th>}
            </tr>
          </thead>
          <tbody>
            {g.keys.map((k) => (
              <KeyRowView key={k.id} gatewayId={g.id} k={k} canWrite={canWrite} onKey={onKey} />
            ))}
          </tbody>
        </table>
      )}
      {canWrite && <CreateKeyForm gateway={g} onKey={onKey} />}
    </div>
  );
}

function KeyRowView({ gatewayId, k, canWrite, onKey }: { gatewayId: string; k: KeyRow; canWrite: boolean; onKey: (label: string, apiKey: string) => void }) {
  const qc = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [grace, setGrace] = useState("0");
  const status = keyStatus(k);
  const done = () => qc.invalidateQueries({ queryKey: queryKeys.gateways.all });
  const revoke = useMutation({
    mutationFn: () => apiFetch(`/api/gateways/${gatewayId}/keys/${k.id}/revoke`, { method: "POST" }),
    onSuccess: () => {
      setConfirming(false);
      void done();
    },
  });
  const rotate = useMutation({
    mutationFn: () => apiFetch<{ apiKey: string }>(`/api/gateways/${gatewayId}/keys/${k.id}/rotate`, { method: "POST", body: { graceSeconds: Number(grace) } }),
    onSuccess: (res) => {
      onKey(`Replacement for ${k.prefix}`, res.apiKey);
      void done();
    },
  });
  const usable = status === "active" || status === "expiring";
  return (
    <tr data-testid={`key-row-${k.id}`}>
      <td>
        <code className="font-mono text-xs">{k.prefix}</code>
        {k.name && <div className="text-xs text-slate-500">{k.name}</div>}
      </td>
      <td className="text-xs">
        {k.scopes.join(", ")}
        {canWrite && !k.revokedAt && <ScopesEditor gatewayId={gatewayId} k={k} />}
      </td>
      <td>
        <span className={`rounded px-2 py-0.5 text-xs ${usable ? "bg-emerald-50 text-emerald-700" : "bg-slate-100 text-slate-600"}`}>
          {status === "expiring" ? <>expires <TimeText value={k.expiresAt} /></> : status}
        </span>
      </td>
      <td className="text-xs text-slate-600">{ago(k.lastUsedAt)}</td>
      <td className="text-xs text-slate-600"><TimeText value={k.createdAt} style="date" /></td>
      {canWrite && (
        <td className="whitespace-nowrap text-right">
          {usable && (
            <div className="flex flex-wrap items-center justify-end gap-2">
              <label className="text-xs" htmlFor={`grace-${k.id}`}>
                Old key works for
              </label>
              <select id={`grace-${k.id}`} className="input w-auto! py-1 text-xs" value={grace} onChange={(e) => setGrace(e.target.value)}>
                <option value="0">0 (revoke now)</option>
                <option value="3600">1 hour</option>
                <option value="86400">1 day</option>
              </select>
              <button type="button" className="btn" disabled={rotate.isPending} onClick={() => rotate.mutate()}>
                Rotate
              </button>
              {confirming ? (
                <>
                  <button type="button" className="btn btn-danger" disabled={revoke.isPending} onClick={() => revoke.mutate()}>
                    Confirm revoke
                  </button>
                  <button type="button" className="btn" onClick={() => setConfirming(false)}>
                    Cancel
                  </button>
                </>
              ) : (
                <button type="button" className="btn btn-danger" onClick={() => setConfirming(true)}>
                  Revoke
                </button>
              )}
            </div>
          )}
          <ErrorBox error={revoke.error ?? rotate.error} />
        </td>
      )}
    </tr>
  );
}

/** Admins change a key's scopes in place (PATCH /api/gateways/{id}/keys/{keyId}); audit-logged on the server. */
function ScopesEditor({ gatewayId, k }: { gatewayId: string; k: KeyRow }) {
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [scopes, setScopes] = useState<string[]>(k.scopes);
  const save = useMutation({
    mutationFn: () => apiFetch(`/api/gateways/${gatewayId}/keys/${k.id}`, { method: "PATCH", body: { scopes } }),
    onSuccess: () => {
      setEditing(false);
      void qc.invalidateQueries({ queryKey: queryKeys.gateways.all });
    },
  });
  if (!editing) {
    return (
      <div>
        <button type="button" className="text-xs text-sky-700 underline" onClick={() => (setScopes(k.scopes), setEditing(true))} aria-label={`Edit scopes of ${k.prefix}`}>
          Edit scopes
        </button>
      </div>
    );
  }
  return (
    <fieldset className="mt-1 space-y-1" aria-label={`Scopes of ${k.prefix}`}>
      {API_SCOPES.map((s) => (
        <label key={s} className="flex items-center gap-1" title={API_SCOPE_LABELS[s]}>
          <input type="checkbox" checked={scopes.includes(s)} onChange={(e) => setScopes((cur) => (e.target.checked ? [...cur, s] : cur.filter((x) => x !== s)))} />
          {s}
        </label>
      ))}
      <div className="flex gap-2">
        <button type="button" className="btn btn-primary py-0.5 text-xs" disabled={save.isPending || scopes.length === 0} onClick={() => save.mutate()}>
          Save scopes
        </button>
        <button type="button" className="btn py-0.5 text-xs" onClick={() => setEditing(false)}>
          Cancel
        </button>
      </div>
      <ErrorBox error={save.error} />
    </fieldset>
  );
}

function CreateKeyForm({ gateway: g, onKey }: { gateway: GatewayRow; onKey: (label: string, apiKey: string) => void }) {
  const qc = useQueryClient();
  const [scopes, setScopes] = useState<string[]>([...API_SCOPES]);
  const zone = useTimeZone();
  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) => apiFetch<{ apiKey: string }>(`/api/gateways/${g.id}/keys`, { method: "POST", body }),
    onSuccess: (res) => {
      onKey(`New key for ${g.name}`, res.apiKey);
      void qc.invalidateQueries({ queryKey: queryKeys.gateways.all });
    },
  });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const name = String(f.get("name") ?? "").trim() || undefined;
    const expires = String(f.get("expiresAt") ?? "");
    create.mutate({ name, scopes, expiresAt: expires ? parseZonedTime({ value: expires, zone })?.toISOString() : undefined });
  }
  return (
    <form className="flex flex-wrap items-end gap-3" onSubmit={onSubmit} aria-label={`Create key for ${g.name}`}>
      <div>
        <label className="label" htmlFor={`key-name-${g.id}`}>Key name</label>
        <input className="input" id={`key-name-${g.id}`} name="name" maxLength={80} placeholder="prod deploy" />
      </div>
      <fieldset className="flex flex-wrap gap-3">
        <legend className="label">Scopes</legend>
        {API_SCOPES.map((s) => (
          <label key={s} className="flex items-center gap-1 text-xs">
            <input type="checkbox" checked={scopes.includes(s)} onChange={(e) => setScopes((cur) => (e.target.checked ? [...cur, s] : cur.filter((x) => x !== s)))} />
            {s}
          </label>
        ))}
      </fieldset>
      <div>
        <label className="label" htmlFor={`key-expires-${g.id}`}>Expires (optional, {zone})</label>
        <input className="input" id={`key-expires-${g.id}`} name="expiresAt" type="datetime-local" />
      </div>
      <button className="btn btn-primary" type="submit" disabled={create.isPending || scopes.length === 0}>
        Create key
      </button>
      <ErrorBox error={create.error} />
    </form>
  );
}
