"use client";
import { TimeText } from "@/components/ui/time-text";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, type FormEvent } from "react";
import { apiFetch } from "@/lib/http/api-client";
import { queryKeys } from "@/lib/query-keys";
import { diffToolVersions } from "@/lib/inventory/diff-tool-versions";
import type { InventoryToolDetail, ToolVersionView } from "@/lib/inventory/schema";
import { ErrorBox } from "@/components/ui/error-box";
import { TableSkeleton } from "@/components/ui/skeleton";
import { UntrustedText } from "@/components/ui/untrusted-text";
import { FindingsList } from "./findings-list";
import { ToolStatusBadge } from "./tool-status-badge";
import { UntrustedJson } from "./untrusted-json";
import { useInventoryTool } from "./use-inventory";

const short = (fp: string) => fp.slice(7, 19);

/** A tool's page: status and actions, its current definition as the model reads it, versions and their diff. */
export function ToolDetail({ id, canWrite }: { id: string; canWrite: boolean }) {
  const tool = useInventoryTool(id);
  if (tool.isPending) return <TableSkeleton rows={6} />;
  if (tool.error) return <ErrorBox error={tool.error} />;
  const t = tool.data;
  const current = t.versions.find((v) => v.current) ?? t.versions[0];
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <Link href="/tools" className="text-sm text-indigo-700 hover:underline">
          ← Tools
        </Link>
        <h1 className="text-xl font-semibold">
          <UntrustedText value={t.server} /> / <UntrustedText value={t.name} />
        </h1>
        <ToolStatusBadge status={t.status} reason={t.statusReason} />
        <span className="text-xs text-slate-600">
          trust policy {t.trustPolicy} · {t.calls24h.toLocaleString()} calls in 24 h · gateways: {t.gateways.map((g) => g.name).join(", ") || "none now"}
        </span>
      </div>
      {t.status === "pending" && t.statusReason === "changed" && (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          This tool&apos;s definition changed after it was approved. Every gateway hides it and refuses its calls until someone reviews the diff below and approves the new version.
        </p>
      )}
      <Actions t={t} current={current} canWrite={canWrite} />
      <section aria-labelledby="definition-heading" className="card space-y-3">
        <h2 id="definition-heading" className="font-semibold">
          Current definition <span className="break-all font-mono text-xs text-slate-500">{current?.fingerprint}</span>
        </h2>
        <p className="text-xs text-slate-600">Invisible characters are shown and marked. Annotations are the server&apos;s own claims, not proof of safety.</p>
        <pre className="overflow-x-auto whitespace-pre-wrap break-words rounded bg-slate-50 p-3 font-mono text-xs" data-testid="tool-definition">
          <UntrustedJson value={current?.definition ?? {}} />
        </pre>
        <h3 className="text-sm font-semibold">Scan findings</h3>
        <FindingsList findings={current?.findings ?? []} />
      </section>
      <Versions t={t} />
    </div>
  );
}

function Actions({ t, current, canWrite }: { t: InventoryToolDetail; current: ToolVersionView | undefined; canWrite: boolean }) {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: queryKeys.tools.all });
  const approve = useMutation({ mutationFn: (fingerprint: string) => apiFetch(`/api/inventory/tools/${t.id}/approve`, { method: "POST", body: { fingerprint } }), onSettled: done });
  const block = useMutation({ mutationFn: (reason: string) => apiFetch(`/api/inventory/tools/${t.id}/block`, { method: "POST", body: { reason } }), onSettled: done });
  const settings = useMutation({ mutationFn: (body: Record<string, unknown>) => apiFetch(`/api/inventory/tools/${t.id}/settings`, { method: "PUT", body }), onSettled: done });
  const approvedCurrent = t.status === "approved" && t.approvedFingerprint === t.currentFingerprint;
  function onSettings(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const num = (k: string) => (String(f.get(k) ?? "").trim() === "" ? null : Number(f.get(k)));
    const cost = String(f.get("cost") ?? "").trim();
    settings.mutate({ costPerCallUsd: cost === "" ? null : cost, timeoutMs: num("timeoutMs"), rateLimitPerMinute: num("rateLimit"), needsApproval: f.get("needsApproval") === "on" });
  }
  return (
    <section aria-labelledby="actions-heading" className="card space-y-3">
      <h2 id="actions-heading" className="font-semibold">
        Decision
      </h2>
      <p className="text-sm text-slate-700">
        {t.approvedFingerprint ? (
          <>
            Approved version <span className="font-mono">{short(t.approvedFingerprint)}…</span>
            {t.approvedBy ? ` by ${t.approvedBy}` : ""}
            {t.approvedAt ? <>, <TimeText value={t.approvedAt} /></> : ""}; current version <span className="font-mono">{short(t.currentFingerprint)}…</span>.
          </>
        ) : (
          <>No version approved yet; current version <span className="font-mono">{short(t.currentFingerprint)}…</span>.</>
        )}
      </p>
      {canWrite && (
        <div className="flex flex-wrap gap-2">
          <button type="button" className="btn btn-primary" disabled={approvedCurrent || approve.isPending || !current} onClick={() => current && approve.mutate(current.fingerprint)}>
            Approve current version
          </button>
          <button type="button" className="btn btn-danger" disabled={t.status === "blocked" || block.isPending} onClick={() => block.mutate("")}>
            Block tool
          </button>
        </div>
      )}
      <ErrorBox error={approve.error ?? block.error} />
      <form className="grid gap-2 sm:grid-cols-5" onSubmit={onSettings} aria-label="Tool settings">
        <div>
          <label className="label" htmlFor="ts-cost">Cost per call (USD)</label>
          <input className="input" id="ts-cost" name="cost" defaultValue={t.costPerCallUsd ?? ""} disabled={!canWrite} inputMode="decimal" />
        </div>
        <div>
          <label className="label" htmlFor="ts-timeout">Timeout (ms)</label>
          <input className="input" id="ts-timeout" name="timeoutMs" type="number" min={1} defaultValue={t.timeoutMs ?? ""} disabled={!canWrite} />
        </div>
        <div>
          <label className="label" htmlFor="ts-rate">Rate limit (/min/user)</label>
          <input className="input" id="ts-rate" name="rateLimit" type="number" min={1} defaultValue={t.rateLimitPerMinute ?? ""} disabled={!canWrite} />
        </div>
        <label className="flex items-end gap-2 text-sm">
          <input type="checkbox" name="needsApproval" defaultChecked={t.needsApproval} disabled={!canWrite} /> Needs human approval
        </label>
        {canWrite && (
          <button className="btn self-end" type="submit" disabled={settings.isPending}>
            Save settings
          </button>
        )}
        <div className="sm:col-span-5">
          <ErrorBox error={settings.error} />
        </div>
      </form>
    </section>
  );
}

function Versions({ t }: { t: InventoryToolDetail }) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const byFp = new Map(t.versions.map((v) => [v.fingerprint, v]));
  const to = byFp.get(params.get("to") ?? "") ?? t.versions.find((v) => v.current) ?? t.versions[0];
  const fallbackFrom = (t.approvedFingerprint && t.approvedFingerprint !== to?.fingerprint ? byFp.get(t.approvedFingerprint) : undefined) ?? t.versions.find((v) => v !== to);
  const from = byFp.get(params.get("from") ?? "") ?? fallbackFrom;
  const set = (k: "from" | "to", fp: string) => {
    const next = new URLSearchParams(params.toString());
    next.set(k, fp);
    router.replace(`${pathname}?${next}`);
  };
  const diff = useMemo(() => (from && to ? diffToolVersions({ from: from.definition, to: to.definition }) : null), [from, to]);
  return (
    <section aria-labelledby="versions-heading" className="card space-y-3">
      <h2 id="versions-heading" className="font-semibold">
        Versions ({t.versionCount})
      </h2>
      <div className="overflow-x-auto">
      <table className="table" aria-label="Versions">
        <thead>
          <tr>
            <th>From</th>
            <th>To</th>
            <th>Fingerprint</th>
            <th>First seen</th>
            <th>Last seen</th>
            <th><span className="sr-only">Status</span></th>
          </tr>
        </thead>
        <tbody>
          {t.versions.map((v) => (
            <tr key={v.id}>
              <td>
                <input type="radio" name="from" aria-label={`Compare from ${short(v.fingerprint)}`} checked={from?.fingerprint === v.fingerprint} onChange={() => set("from", v.fingerprint)} />
              </td>
              <td>
                <input type="radio" name="to" aria-label={`Compare to ${short(v.fingerprint)}`} checked={to?.fingerprint === v.fingerprint} onChange={() => set("to", v.fingerprint)} />
              </td>
              <td className="font-mono text-xs">{short(v.fingerprint)}…</td>
              <td className="text-xs"><TimeText value={v.firstSeenAt} /></td>
              <td className="text-xs"><TimeText value={v.lastSeenAt} /></td>
              <td className="space-x-1 text-xs">
                {v.current && <span className="rounded bg-indigo-50 px-1.5 py-0.5 text-indigo-700">current</span>}
                {v.approved && <span className="rounded bg-emerald-50 px-1.5 py-0.5 text-emerald-700">approved</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      {!diff || !from || !to || from === to ? (
        <p className="text-sm text-slate-600">{t.versions.length < 2 ? "Only one version so far: nothing to compare." : "Pick two different versions to compare."}</p>
      ) : (
        <div className="space-y-3" aria-label="Diff" data-testid="tool-diff">
          <h3 className="text-sm font-semibold">
            Description: <span className="font-mono text-xs">{short(from.fingerprint)}…</span> → <span className="font-mono text-xs">{short(to.fingerprint)}…</span>
          </h3>
          <pre className="overflow-x-auto whitespace-pre-wrap break-words rounded bg-slate-50 p-3 font-mono text-xs">
            {diff.description.map((part, i) => (
              <span
                key={i}
                data-diff={part.kind}
                className={part.kind === "added" ? "bg-emerald-100 text-emerald-900" : part.kind === "removed" ? "bg-red-100 text-red-900 line-through" : ""}
              >
                {part.kind === "added" ? "+ " : part.kind === "removed" ? "− " : ""}
                <UntrustedText value={part.text} />
              </span>
            ))}
          </pre>
          <h3 className="text-sm font-semibold">Schemas, title and annotations</h3>
          {diff.fields.length === 0 ? (
            <p className="text-sm text-slate-600">No change outside the description.</p>
          ) : (
            <div className="overflow-x-auto">
            <table className="table" aria-label="Structural changes">
              <thead>
                <tr>
                  <th>Path</th>
                  <th>Change</th>
                  <th>Before</th>
                  <th>After</th>
                </tr>
              </thead>
              <tbody>
                {diff.fields.map((c, i) => (
                  <tr key={i} data-diff={c.kind}>
                    <td className="font-mono text-xs">
                      <UntrustedText value={c.path} />
                    </td>
                    <td className="text-xs">{c.kind}</td>
                    <td className="font-mono text-xs">{c.before === undefined ? "" : <UntrustedJson value={c.before} />}</td>
                    <td className="font-mono text-xs">{c.after === undefined ? "" : <UntrustedJson value={c.after} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
