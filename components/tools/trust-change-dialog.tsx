"use client";
import { useEffect, useId, useRef, type ReactNode } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ApiClientError, apiFetch } from "@/lib/http/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { RedecidedTool, TrustPolicy } from "@/lib/inventory/schema";
import { ErrorBox } from "@/components/ui/error-box";
import { UntrustedText } from "@/components/ui/untrusted-text";
import { ToolStatusBadge } from "./tool-status-badge";

const WHAT: Record<TrustPolicy, string> = {
  review: "New tools will wait as pending until someone approves them. Moving to review revokes no approval: tools approved now stay approved.",
  "trust-on-first-use": "New tools will be approved at their first version. Known tools still pending since they were first seen are approved at their current version (pinned).",
  open: "New tools will be shown unreviewed. Known tools still pending since they were first seen are approved at their current version (pinned).",
};

/**
 * The confirmation of a trust-policy change (a server's, or the default): previews with `dryRun` which known
 * tools it re-decides, then applies it with that preview sent back (`previewed`), so it moves exactly the
 * tools shown. The preview stays as shown (live updates do not replace it under the person's eyes); if the
 * tools changed since, the change is refused (409) and the dialog offers to preview again. Approved and
 * blocked tools, and changed definitions of approved tools (the rug pull), never move.
 */
export function TrustChangeDialog(props: { endpoint: string; body: Record<string, unknown>; title: ReactNode; effective: TrustPolicy; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const qc = useQueryClient();
  useEffect(() => {
    if (ref.current && !ref.current.open) ref.current.showModal();
  }, []);
  // A dry run is a PUT: a mutation, which no invalidation re-runs behind the person's back.
  const preview = useMutation({
    mutationFn: () => apiFetch<{ redecided: RedecidedTool[] }>(props.endpoint, { method: "PUT", body: { ...props.body, dryRun: true } }),
  });
  const { mutate: runPreview } = preview;
  useEffect(() => runPreview(), [runPreview]);
  const apply = useMutation({
    mutationFn: (shown: RedecidedTool[]) =>
      apiFetch(props.endpoint, { method: "PUT", body: { ...props.body, previewed: shown.map(({ id, fingerprint, from, to }) => ({ id, fingerprint, from, to })) } }),
    onSuccess: () => ref.current?.close(),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.tools.all }),
  });
  const stale = apply.error instanceof ApiClientError && apply.error.status === 409;
  const previewAgain = () => {
    apply.reset();
    runPreview();
  };
  const tools = preview.data?.redecided ?? [];
  const showServer = new Set(tools.map((t) => t.server)).size > 1;
  return (
    <dialog ref={ref} aria-labelledby={titleId} className="m-auto w-full max-w-2xl rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40" onClose={props.onClose}>
      <div className="space-y-3 p-4 text-sm">
        <h2 id={titleId} className="font-semibold">
          {props.title}
        </h2>
        <p>{WHAT[props.effective]} Approved and blocked tools, and changed definitions of approved tools, are never changed by a trust policy.</p>
        {preview.isIdle || preview.isPending ? (
          <p role="status">Checking which tools change…</p>
        ) : preview.error ? (
          <ErrorBox error={preview.error} />
        ) : tools.length === 0 ? (
          <p role="status">No known tool changes status.</p>
        ) : (
          <>
            <p role="status">
              {tools.length} {tools.length === 1 ? "tool changes" : "tools change"} status:
            </p>
            <ul className="max-h-64 overflow-auto" aria-label="Tools that change">
              {tools.map((t) => (
                <li key={t.id} className="flex flex-wrap items-center gap-2">
                  {showServer && (
                    <span className="text-slate-500">
                      <UntrustedText value={t.server} /> /
                    </span>
                  )}
                  <UntrustedText value={t.tool} />
                  <ToolStatusBadge status={t.from} reason={null} /> → <ToolStatusBadge status={t.to} reason={null} />
                  {t.to === "approved" && <span className="font-mono text-xs text-slate-500">at {t.fingerprint.slice(0, 19)}…</span>}
                </li>
              ))}
            </ul>
          </>
        )}
        <ErrorBox error={apply.error} />
        <div className="flex justify-end gap-2">
          <button type="button" className="btn" onClick={() => ref.current?.close()}>
            Cancel
          </button>
          {(stale || preview.isError) && (
            <button type="button" className="btn" onClick={previewAgain}>
              Preview again
            </button>
          )}
          <button type="button" className="btn btn-primary" disabled={!preview.data || apply.isPending || stale} onClick={() => preview.data && apply.mutate(preview.data.redecided)}>
            Change trust policy
          </button>
        </div>
      </div>
    </dialog>
  );
}
