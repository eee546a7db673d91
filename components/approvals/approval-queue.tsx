"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { queryKeys } from "@/lib/query-keys";
import { onLiveChange } from "@/lib/realtime/use-live-invalidation";
import type { DashboardApproval } from "@/lib/approvals/dashboard-approval-view";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorBox } from "@/components/ui/error-box";
import { TableSkeleton } from "@/components/ui/skeleton";
import { ApprovalDetailPanel } from "./approval-detail-panel";
import { ExpiryCountdown } from "./expiry-countdown";
import { isTypingTarget } from "./is-typing-target";
import { useApprovalList } from "./use-approval-queries";
import { useUrlState } from "./use-url-state";
import { UntrustedText } from "@/components/ui/untrusted-text";

const QUEUE = { view: "queue" };
const BASE_TITLE = "Approvals · Warden";

/** Ids that appeared since the previous data, highlighted for a few seconds (a sound-free cue). */
function useFreshIds(items: DashboardApproval[] | undefined): Set<string> {
  const seen = useRef<Set<string> | null>(null);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  useEffect(() => {
    if (!items) return;
    const ids = items.map((i) => i.id);
    const added = seen.current ? ids.filter((id) => !seen.current!.has(id)) : [];
    seen.current = new Set(ids);
    if (added.length === 0) return;
    setFresh((cur) => new Set([...cur, ...added]));
    const t = setTimeout(() => setFresh((cur) => new Set([...cur].filter((id) => !added.includes(id)))), 8000);
    return () => clearTimeout(t);
  }, [items]);
  return fresh;
}

/** The reviewer queue: pending requests live, oldest first, each with its countdown; the detail beside. */
export function ApprovalQueue({ canDecide }: { canDecide: boolean }) {
  const qc = useQueryClient();
  const list = useApprovalList(QUEUE);
  const [params, setParams] = useUrlState();
  const selectedId = params.get("id");
  const items = list.data?.approvals;
  const fresh = useFreshIds(items);
  const count = items?.length ?? 0;

  useEffect(() => {
    document.title = count > 0 ? `(${count}) ${BASE_TITLE}` : BASE_TITLE;
  }, [count]);
  useEffect(() => () => void (document.title = BASE_TITLE), []);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || e.metaKey || e.ctrlKey || e.altKey || isTypingTarget(e.target) || !items?.length) return;
      if (e.key !== "j" && e.key !== "k") return;
      e.preventDefault();
      const at = items.findIndex((i) => i.id === selectedId);
      const next = e.key === "j" ? Math.min(at + 1, items.length - 1) : Math.max(at - 1, 0);
      setParams({ id: items[at < 0 ? 0 : next].id });
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [items, selectedId, setParams]);

  const refresh = () => void qc.invalidateQueries({ queryKey: queryKeys.approvals.all });

  // A change announced while the FIRST fetch of the queue is still in flight would be lost (TanStack
  // Query does not restart a fetch that has no data yet), and that fetch may have read the database
  // before the change: cancel it and fetch again.
  useEffect(
    () =>
      onLiveChange((msg) => {
        const key = queryKeys.approvals.list(QUEUE);
        const state = qc.getQueryState(key);
        if (msg.topic !== "approvals" || state?.data !== undefined || state?.fetchStatus !== "fetching") return;
        void qc.cancelQueries({ queryKey: key }).then(() => qc.invalidateQueries({ queryKey: key }));
      }),
    [qc],
  );

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(18rem,26rem)_1fr]">
      <section aria-label="Pending requests" className="space-y-2">
        <div className="flex items-center justify-between text-sm text-slate-600">
          <span role="status" aria-live="polite">
            {count} pending{fresh.size > 0 && <span className="ml-2 rounded bg-indigo-600 px-1.5 py-0.5 text-xs font-semibold text-white">{fresh.size} new</span>}
          </span>
          <span className="text-xs" aria-label="Keyboard shortcuts">
            <kbd className="rounded border px-1">j</kbd>/<kbd className="rounded border px-1">k</kbd> move · <kbd className="rounded border px-1">c</kbd> comment ·{" "}
            <kbd className="rounded border px-1">a</kbd> approve · <kbd className="rounded border px-1">d</kbd> deny
          </span>
        </div>
        {list.isPending ? (
          <TableSkeleton rows={4} />
        ) : list.error ? (
          <ErrorBox error={list.error} />
        ) : count === 0 ? (
          <EmptyState title="No requests waiting">New requests appear here as gateways send them.</EmptyState>
        ) : (
          <ul className="space-y-2" aria-label="Queue">
            {items!.map((a) => (
              <li key={a.id}>
                <button
                  type="button"
                  onClick={() => setParams({ id: a.id })}
                  aria-current={a.id === selectedId ? "true" : undefined}
                  data-testid={`queue-item-${a.id}`}
                  className={`card w-full p-3 text-left transition-colors ${a.id === selectedId ? "ring-2 ring-indigo-500" : "hover:bg-slate-50"} ${fresh.has(a.id) ? "animate-pulse border-indigo-400 bg-indigo-50" : ""}`}
                >
                  <div className="flex items-center justify-between gap-2">
                    <span className="truncate font-medium">
                      <UntrustedText value={a.tool} /> <span className="font-normal text-slate-500">on <UntrustedText value={a.server} /></span>
                    </span>
                    <ExpiryCountdown expiresAt={a.expiresAt} onExpire={refresh} />
                  </div>
                  <div className="mt-1 flex flex-wrap gap-x-3 text-xs text-slate-600">
                    <UntrustedText value={a.userId} />
                    <span>{a.gatewayName}</span>
                    {a.estimatedCostUsd && <span>${Number(a.estimatedCostUsd).toFixed(2)}</span>}
                    {a.requiredApprovals > 1 && (
                      <span>
                        {a.approvals}/{a.requiredApprovals} approvals
                      </span>
                    )}
                    {a.riskFlags.map((f) => (
                      <span key={f} className="rounded bg-red-50 px-1 text-red-700">
                        {f}
                      </span>
                    ))}
                  </div>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-label="Request detail">
        {selectedId ? (
          <ApprovalDetailPanel id={selectedId} canDecide={canDecide} />
        ) : (
          <EmptyState title="Select a request">Click one in the queue, or press j.</EmptyState>
        )}
      </section>
    </div>
  );
}
