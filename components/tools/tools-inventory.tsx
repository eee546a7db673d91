"use client";
import { TimeText } from "@/components/ui/time-text";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { apiFetch } from "@/lib/http/api-client";
import { queryKeys } from "@/lib/query-keys";
import { TRUST_POLICIES, type InventoryServerView, type InventoryToolRow, type TrustPolicy } from "@/lib/inventory/schema";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorBox } from "@/components/ui/error-box";
import { TableSkeleton } from "@/components/ui/skeleton";
import { UntrustedText } from "@/components/ui/untrusted-text";
import { FindingsSummary } from "./findings-list";
import { KillSwitchPanel } from "./kill-switch-panel";
import { ToolStatusBadge } from "./tool-status-badge";
import { TrustChangeDialog } from "./trust-change-dialog";
import { useInventoryTools } from "./use-inventory";

const when = (iso: string) => <TimeText value={iso} />;

/** The Tools page: servers with their trust policy, every tool across gateways, kill switches. */
export function ToolsInventory({ canWrite }: { canWrite: boolean }) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const filters = { server: params.get("server") ?? undefined, status: params.get("status") ?? undefined, q: params.get("q") ?? undefined, page: params.get("page") ?? undefined };
  const list = useInventoryTools(filters);
  const setFilter = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params.toString());
    if (v) next.set(k, v);
    else next.delete(k);
    if (k !== "page") next.delete("page");
    router.replace(`${pathname}${next.toString() ? `?${next}` : ""}`);
  };
  const page = list.data?.page ?? 1;
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / list.data.pageSize)) : 1;
  return (
    <div className="space-y-6">
      <KillSwitchPanel canWrite={canWrite} />
      <section aria-labelledby="servers-heading" className="space-y-2">
        <div className="flex flex-wrap items-end gap-3">
          <h2 id="servers-heading" className="mr-auto text-sm font-semibold text-slate-700">
            Servers
          </h2>
          {canWrite && list.data && <DefaultTrust value={list.data.defaultTrustPolicy} />}
        </div>
        {list.isPending ? (
          <TableSkeleton rows={2} />
        ) : list.error ? (
          <ErrorBox error={list.error} />
        ) : list.data.servers.length === 0 ? (
          <EmptyState title="No servers reported yet">Gateways report their upstream servers&apos; tools (PUT /api/v1/tools) when they start and when a list changes.</EmptyState>
        ) : (
          <ServersTable servers={list.data.servers} defaultTrust={list.data.defaultTrustPolicy} canWrite={canWrite} onShow={(s) => setFilter("server", s)} />
        )}
      </section>
      <section aria-labelledby="tools-heading" className="space-y-2">
        <div className="flex flex-wrap items-end gap-3">
          <h2 id="tools-heading" className="mr-auto text-sm font-semibold text-slate-700">
            Tools{list.data ? ` (${list.data.total})` : ""}
          </h2>
          <div>
            <label className="label" htmlFor="tools-q">Search</label>
            <input id="tools-q" className="input" defaultValue={filters.q} placeholder="tool or server" onKeyDown={(e) => e.key === "Enter" && setFilter("q", e.currentTarget.value.trim() || undefined)} />
          </div>
          <div>
            <label className="label" htmlFor="tools-status">Status</label>
            <select id="tools-status" className="input" value={filters.status ?? ""} onChange={(e) => setFilter("status", e.target.value || undefined)}>
              <option value="">any</option>
              <option value="pending">pending</option>
              <option value="approved">approved</option>
              <option value="blocked">blocked</option>
              <option value="unreviewed">unreviewed</option>
            </select>
          </div>
          {filters.server && (
            <button type="button" className="btn" onClick={() => setFilter("server", undefined)}>
              Server: {filters.server} ✕
            </button>
          )}
        </div>
        <p className="text-xs text-slate-500">Annotations are what the server claims about its tool (e.g. read-only); they are shown but are not proof of safety.</p>
        {list.isPending ? (
          <TableSkeleton />
        ) : list.error ? (
          <ErrorBox error={list.error} />
        ) : list.data.tools.length === 0 ? (
          <EmptyState title="No tools match">{filters.server || filters.status || filters.q ? "Clear the filters to see every tool." : "No gateway has reported a tool yet."}</EmptyState>
        ) : (
          <div className="card overflow-x-auto p-0">
            <table className="table" aria-label="Tools">
              <thead>
                <tr>
                  <th>Tool</th>
                  <th>Status</th>
                  <th>First seen</th>
                  <th>Last seen</th>
                  <th>Gateways</th>
                  <th className="text-right">Calls (24 h)</th>
                  <th>Scan findings</th>
                  <th>Annotations (claimed)</th>
                  <th className="text-right">Cost/call</th>
                </tr>
              </thead>
              <tbody>
                {list.data.tools.map((t) => (
                  <ToolRow key={t.id} t={t} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {pages > 1 && (
          <nav aria-label="Pages" className="flex items-center gap-2 text-sm">
            <button type="button" className="btn" disabled={page <= 1} onClick={() => setFilter("page", String(page - 1))}>
              Previous
            </button>
            <span>
              Page {page} of {pages}
            </span>
            <button type="button" className="btn" disabled={page >= pages} onClick={() => setFilter("page", String(page + 1))}>
              Next
            </button>
          </nav>
        )}
      </section>
    </div>
  );
}

/** The trust policy of servers without their own (PUT /api/inventory/default-trust, confirmed with a preview). */
function DefaultTrust({ value }: { value: string }) {
  const [proposed, setProposed] = useState<TrustPolicy | null>(null);
  return (
    <div>
      <label className="label" htmlFor="default-trust">Default trust policy</label>
      <select id="default-trust" className="input w-auto" value={value} onChange={(e) => setProposed(e.target.value as TrustPolicy)}>
        {TRUST_POLICIES.map((p) => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
      </select>
      {proposed && (
        <TrustChangeDialog
          endpoint="/api/inventory/default-trust"
          body={{ trustPolicy: proposed }}
          title={`Default trust policy: ${value} → ${proposed} (servers without their own)`}
          effective={proposed}
          onClose={() => setProposed(null)}
        />
      )}
    </div>
  );
}

function ToolRow({ t }: { t: InventoryToolRow }) {
  return (
    <tr data-tool={`${t.server}/${t.name}`}>
      <td>
        <Link className="font-medium text-indigo-700 hover:underline" href={`/tools/${t.id}`}>
          <UntrustedText value={t.name} />
        </Link>
        <div className="text-xs text-slate-500">
          <UntrustedText value={t.server} /> · {t.trustPolicy}
          {t.needsApproval ? " · needs approval" : ""}
        </div>
      </td>
      <td>
        <ToolStatusBadge status={t.status} reason={t.statusReason} />
      </td>
      <td className="text-xs text-slate-600">{when(t.firstSeenAt)}</td>
      <td className="text-xs text-slate-600">{when(t.lastSeenAt)}</td>
      <td className="text-xs">{t.gateways.length ? t.gateways.map((g) => g.name).join(", ") : <span className="text-slate-500">none now</span>}</td>
      <td className="text-right tabular-nums">{t.calls24h.toLocaleString()}</td>
      <td>
        <FindingsSummary findings={t.findings} />
      </td>
      <td className="text-xs text-slate-600">
        {t.annotations && Object.keys(t.annotations).length
          ? Object.entries(t.annotations).map(([k, v]) => (
              <div key={k}>
                <UntrustedText value={`${k}: ${JSON.stringify(v)}`} />
              </div>
            ))
          : "—"}
      </td>
      <td className="text-right tabular-nums">{t.costPerCallUsd === null ? "—" : `$${t.costPerCallUsd}`}</td>
    </tr>
  );
}

function ServersTable({ servers, defaultTrust, canWrite, onShow }: { servers: InventoryServerView[]; defaultTrust: string; canWrite: boolean; onShow: (s: string) => void }) {
  const [reviewing, setReviewing] = useState<string | null>(null);
  return (
    <div className="card overflow-x-auto p-0">
      <table className="table" aria-label="Servers">
        <thead>
          <tr>
            <th>Server</th>
            <th>Trust policy</th>
            <th className="text-right">Tools</th>
            <th className="text-right">Pending</th>
            <th className="text-right">Blocked</th>
            <th><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {servers.map((s) => (
            <ServerRow key={s.server} s={s} defaultTrust={defaultTrust} canWrite={canWrite} onShow={onShow} reviewing={reviewing === s.server} setReviewing={(on) => setReviewing(on ? s.server : null)} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ServerRow(props: { s: InventoryServerView; defaultTrust: string; canWrite: boolean; onShow: (s: string) => void; reviewing: boolean; setReviewing: (on: boolean) => void }) {
  const { s, canWrite } = props;
  // The policy chosen in the select, waiting for the confirmation that previews which tools it re-decides.
  const [proposed, setProposed] = useState<{ trustPolicy: TrustPolicy | null } | null>(null);
  return (
    <>
      <tr data-server={s.server}>
        <td className="font-medium">
          <UntrustedText value={s.server} />
          {s.killed && <span className="ml-2 rounded bg-red-600 px-1.5 py-0.5 text-xs text-white">kill switch</span>}
        </td>
        <td>
          {canWrite ? (
            <select
              className="input w-auto"
              aria-label={`Trust policy of ${s.server}`}
              value={s.explicitTrust ? s.trustPolicy : ""}
              onChange={(e) => setProposed({ trustPolicy: (e.target.value || null) as TrustPolicy | null })}
            >
              <option value="">default ({props.defaultTrust})</option>
              {TRUST_POLICIES.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          ) : (
            s.trustPolicy
          )}
          {proposed && (
            <TrustChangeDialog
              endpoint="/api/inventory/servers/trust"
              body={{ server: s.server, trustPolicy: proposed.trustPolicy }}
              title={
                <>
                  Trust policy of <UntrustedText value={s.server} />: {s.explicitTrust ? s.trustPolicy : `default (${props.defaultTrust})`} →{" "}
                  {proposed.trustPolicy ?? `default (${props.defaultTrust})`}
                </>
              }
              effective={proposed.trustPolicy ?? (props.defaultTrust as TrustPolicy)}
              onClose={() => setProposed(null)}
            />
          )}
        </td>
        <td className="text-right tabular-nums">{s.toolCount}</td>
        <td className="text-right tabular-nums">{s.pendingCount}</td>
        <td className="text-right tabular-nums">{s.blockedCount}</td>
        <td className="space-x-1 whitespace-nowrap text-right">
          <button type="button" className="btn" onClick={() => props.onShow(s.server)}>
            Show tools
          </button>
          {canWrite && (
            <button type="button" className="btn" aria-expanded={props.reviewing} onClick={() => props.setReviewing(!props.reviewing)}>
              Approve all…
            </button>
          )}
        </td>
      </tr>
      {props.reviewing && (
        <tr>
          <td colSpan={6} className="bg-slate-50">
            <ApproveAllReview server={s.server} onDone={() => props.setReviewing(false)} />
          </td>
        </tr>
      )}
    </>
  );
}

/** "Approve all current tools of this server": the list to review first, approved as seen (409 if one changed). */
function ApproveAllReview({ server, onDone }: { server: string; onDone: () => void }) {
  const qc = useQueryClient();
  const list = useInventoryTools({ server, page: "1", pageSize: "200" });
  const approve = useMutation({
    mutationFn: (tools: InventoryToolRow[]) =>
      apiFetch("/api/inventory/servers/approve-all", { method: "POST", body: { server, tools: tools.map((t) => ({ tool: t.name, fingerprint: t.currentFingerprint })) } }),
    onSuccess: () => onDone(),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.tools.all }),
  });
  if (list.isPending) return <TableSkeleton rows={2} />;
  if (list.error) return <ErrorBox error={list.error} />;
  const tools = list.data.tools.filter((t) => t.gateways.length > 0);
  return (
    <div className="space-y-2" role="group" aria-label={`Approve all tools of ${server}`}>
      <p className="text-sm">
        Approve these {tools.length} tools of <strong>{server}</strong> at the versions listed now. A tool that changes before you confirm is not approved.
      </p>
      <ul className="max-h-64 overflow-auto text-sm">
        {tools.map((t) => (
          <li key={t.id} className="flex gap-2">
            <ToolStatusBadge status={t.status} reason={t.statusReason} />
            <UntrustedText value={t.name} />
            <span className="font-mono text-xs text-slate-500">{t.currentFingerprint.slice(0, 19)}…</span>
            {t.findings.length > 0 && <FindingsSummary findings={t.findings} />}
          </li>
        ))}
      </ul>
      <ErrorBox error={approve.error} />
      <div className="space-x-2">
        <button type="button" className="btn btn-primary" disabled={!tools.length || approve.isPending} onClick={() => approve.mutate(tools)}>
          Approve {tools.length} tools
        </button>
        <button type="button" className="btn" onClick={onDone}>
          Cancel
        </button>
      </div>
    </div>
  );
}
