"use client";
import { TimeText } from "@/components/ui/time-text";
import { useState, type FormEvent } from "react";
import type { ChannelView } from "@/lib/alerts/channel-view";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorBox } from "@/components/ui/error-box";
import { TableSkeleton } from "@/components/ui/skeleton";
import { useAllowedHosts, useAlertsMutation, useChannelDeliveries, useChannels } from "./use-alert-queries";

// Notification channels (admins): where alerts go, by minimum severity and subject; each channel's
// delivery log; and the allowlist of webhook hosts that resolve to private addresses.

export function ChannelsAdmin() {
  const channels = useChannels(true);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const [logOf, setLogOf] = useState<string | null>(null);
  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-600">
        Generic webhooks receive JSON signed with HMAC-SHA256 in <code>X-Warden-Signature: t=…,v1=…</code> (over <code>{"`${t}.${body}`"}</code>); Slack-compatible
        incoming webhooks receive a message; email goes through SMTP when <code>SMTP_URL</code> is set. Failed deliveries are retried with backoff.
      </p>
      {!creating && (
        <button className="btn btn-primary" type="button" onClick={() => setCreating(true)}>
          New channel
        </button>
      )}
      {creating && (
        <ChannelForm
          onDone={(res) => {
            setCreating(false);
            if (res?.secret) setSecret({ name: res.channel.name, secret: res.secret });
          }}
        />
      )}
      {secret && (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Signing secret for {secret.name}, shown once: <code className="font-mono" data-testid="channel-secret">{secret.secret}</code>
        </p>
      )}
      <div className="card overflow-x-auto p-0">
        {channels.isPending ? (
          <div className="p-4">
            <TableSkeleton />
          </div>
        ) : channels.error ? (
          <div className="p-4">
            <ErrorBox error={channels.error} />
          </div>
        ) : channels.data.channels.length === 0 ? (
          <EmptyState title="No notification channels">Alerts show on this page only until a channel is added.</EmptyState>
        ) : (
          <table className="table" aria-label="Notification channels">
            <thead>
              <tr>
                <th>Channel</th>
                <th>Target</th>
                <th>Routes</th>
                <th><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {channels.data.channels.map((c) => (
                <ChannelRow key={c.id} channel={c} onLog={() => setLogOf(logOf === c.id ? null : c.id)} onSecret={(s) => setSecret({ name: c.name, secret: s })} />
              ))}
            </tbody>
          </table>
        )}
      </div>
      {logOf && <DeliveryLog channelId={logOf} />}
      <AllowedHosts />
    </div>
  );
}

function ChannelRow({ channel: c, onLog, onSecret }: { channel: ChannelView; onLog: () => void; onSecret: (s: string) => void }) {
  const patch = useAlertsMutation<Record<string, unknown>, { secret?: string }>((body) => ({ url: `/api/channels/${c.id}`, method: "PATCH", body }));
  const remove = useAlertsMutation<void>(() => ({ url: `/api/channels/${c.id}`, method: "DELETE" }));
  const test = useAlertsMutation<void>(() => ({ url: `/api/channels/${c.id}/test`, method: "POST", body: {} }));
  return (
    <tr data-testid={`channel-${c.name}`}>
      <td>
        <div className="font-medium">{c.name}</div>
        <div className="text-xs text-slate-500">
          {c.type}
          {c.enabled ? "" : " · disabled"}
          {c.hasSecret ? " · signed" : ""}
        </div>
      </td>
      <td className="max-w-xs truncate text-sm" title={c.url ?? c.email ?? ""}>
        {c.url ?? c.email}
      </td>
      <td className="text-sm">
        {c.minSeverity} and above{c.subjectType ? `, about ${c.subjectType}s` : ""}
      </td>
      <td className="space-x-1 whitespace-nowrap text-right">
        <button className="btn" type="button" disabled={test.isPending} onClick={() => test.mutate(undefined, { onSuccess: onLog })}>
          Send test
        </button>
        <button className="btn" type="button" onClick={onLog}>
          Deliveries
        </button>
        <button className="btn" type="button" disabled={patch.isPending} onClick={() => patch.mutate({ enabled: !c.enabled })}>
          {c.enabled ? "Disable" : "Enable"}
        </button>
        {c.type === "webhook" && (
          <button className="btn" type="button" disabled={patch.isPending} onClick={() => patch.mutate({ rotateSecret: true }, { onSuccess: (r) => r.secret && onSecret(r.secret) })}>
            New secret
          </button>
        )}
        <button
          className="btn btn-danger"
          type="button"
          disabled={remove.isPending}
          onClick={() => {
            if (window.confirm(`Delete the channel “${c.name}”?`)) remove.mutate();
          }}
        >
          Delete
        </button>
        <ErrorBox error={patch.error ?? remove.error ?? test.error} />
      </td>
    </tr>
  );
}

function ChannelForm({ onDone }: { onDone: (res?: { channel: ChannelView; secret?: string }) => void }) {
  const [type, setType] = useState("webhook");
  const create = useAlertsMutation<Record<string, unknown>, { channel: ChannelView; secret?: string }>((body) => ({ url: "/api/channels", method: "POST", body }));
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const str = (k: string) => String(f.get(k) ?? "").trim() || undefined;
    create.mutate(
      { name: str("name"), type, url: type === "email" ? undefined : str("url"), email: type === "email" ? str("email") : undefined, minSeverity: str("minSeverity"), subjectType: str("subjectType") ?? null },
      { onSuccess: (res) => onDone(res) },
    );
  }
  return (
    <form className="card space-y-3" onSubmit={onSubmit} aria-label="New channel">
      <h2 className="font-semibold">New notification channel</h2>
      <div className="grid gap-3 sm:grid-cols-3">
        <div>
          <label className="label" htmlFor="channel-name">
            Name
          </label>
          <input className="input" id="channel-name" name="name" required maxLength={120} />
        </div>
        <div>
          <label className="label" htmlFor="channel-type">
            Type
          </label>
          <select className="input" id="channel-type" value={type} onChange={(e) => setType(e.target.value)}>
            <option value="webhook">Webhook (signed JSON)</option>
            <option value="slack">Slack incoming webhook</option>
            <option value="email">Email</option>
          </select>
        </div>
        {type === "email" ? (
          <div>
            <label className="label" htmlFor="channel-email">
              Email address
            </label>
            <input className="input" id="channel-email" name="email" type="email" required />
          </div>
        ) : (
          <div>
            <label className="label" htmlFor="channel-url">
              Webhook URL
            </label>
            <input className="input" id="channel-url" name="url" type="url" required placeholder="https://…" />
          </div>
        )}
        <div>
          <label className="label" htmlFor="channel-min-severity">
            Minimum severity
          </label>
          <select className="input" id="channel-min-severity" name="minSeverity" defaultValue="warning">
            <option value="info">info</option>
            <option value="warning">warning</option>
            <option value="critical">critical</option>
          </select>
        </div>
        <div>
          <label className="label" htmlFor="channel-subject">
            Only alerts about
          </label>
          <select className="input" id="channel-subject" name="subjectType" defaultValue="">
            <option value="">anything</option>
            {["tool", "server", "team", "gateway", "user", "budget"].map((s) => (
              <option key={s} value={s}>
                {s}s
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorBox error={create.error} />
      <div className="flex gap-2">
        <button className="btn btn-primary" type="submit" disabled={create.isPending}>
          Create channel
        </button>
        <button className="btn" type="button" onClick={() => onDone()}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function DeliveryLog({ channelId }: { channelId: string }) {
  const log = useChannelDeliveries(channelId);
  return (
    <section className="card space-y-2" aria-label="Delivery log">
      <h2 className="font-semibold">Delivery log</h2>
      {log.isPending ? (
        <TableSkeleton rows={3} />
      ) : log.error ? (
        <ErrorBox error={log.error} />
      ) : log.data.deliveries.length === 0 ? (
        <p className="text-sm text-slate-600">Nothing sent yet.</p>
      ) : (
        <table className="table" aria-label="Deliveries">
          <thead>
            <tr>
              <th>When</th>
              <th>Alert</th>
              <th>Status</th>
              <th>Attempts</th>
              <th>Last error</th>
            </tr>
          </thead>
          <tbody>
            {log.data.deliveries.map((d) => (
              <tr key={d.id}>
                <td className="whitespace-nowrap text-xs"><TimeText value={d.createdAt} seconds /></td>
                <td className="text-sm">{d.alertTitle ?? "—"}</td>
                <td className="text-sm">
                  {d.status}
                  {d.responseStatus ? ` (${d.responseStatus})` : ""}
                </td>
                <td>{d.attempts}</td>
                <td className="text-xs text-red-700">{d.lastError ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function AllowedHosts() {
  const hosts = useAllowedHosts(true);
  const add = useAlertsMutation<{ host: string }>((body) => ({ url: "/api/allowed-hosts", method: "POST", body }));
  const remove = useAlertsMutation<string>((host) => ({ url: `/api/allowed-hosts/${encodeURIComponent(host)}`, method: "DELETE" }));
  return (
    <section className="card space-y-3" aria-label="Allowed webhook hosts">
      <h2 className="font-semibold">Allowed internal hosts</h2>
      <p className="text-sm text-slate-600">
        Webhooks never reach private, loopback or link-local addresses (so a channel cannot be used to probe the internal network) — except the hosts listed here.
      </p>
      <form
        className="flex items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          const input = e.currentTarget.elements.namedItem("host") as HTMLInputElement;
          add.mutate({ host: input.value.trim() }, { onSuccess: () => (input.value = "") });
        }}
      >
        <div>
          <label className="label" htmlFor="allowed-host">
            Host name or IP address
          </label>
          <input className="input" id="allowed-host" name="host" required placeholder="hooks.internal.example" />
        </div>
        <button className="btn" type="submit" disabled={add.isPending}>
          Allow host
        </button>
      </form>
      <ErrorBox error={add.error ?? remove.error} />
      {hosts.data && hosts.data.hosts.length > 0 && (
        <ul className="space-y-1 text-sm">
          {hosts.data.hosts.map((h) => (
            <li key={h.host} className="flex items-center gap-2">
              <code>{h.host}</code>
              <button className="btn" type="button" onClick={() => remove.mutate(h.host)} aria-label={`Remove ${h.host}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
