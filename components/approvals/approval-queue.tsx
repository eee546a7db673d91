"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { queryKeys } from "@/lib/query-keys";
import { onLiveChange } from "@/lib/realtime/use-live-invalidation";
import type { DashboardApproval } from "@/lib/approvals/dashboard-approval-view";
import { parseQueueSort, QUEUE_SORT_LABELS, QUEUE_SORTS, sortApprovalQueue } from "@/lib/approvals/sort-approval-queue";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorBox } from "@/components/ui/error-box";
import { TableSkeleton } from "@/components/ui/skeleton";
import { ClaimBadge } from "./claim-badge";
import { ApprovalDetailPanel } from "./approval-detail-panel";
import { BatchDecisionBar } from "./batch-decision-bar";
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

/**
 * The reviewer queue: pending requests live, most urgent first (the sort is in the URL), each with its
 * countdown and risk; the detail beside. After a decision the NEXT request is selected and focused.
 */
export function ApprovalQueue({ canDecide }: { canDecide: boolean }) {
  const qc = useQueryClient();
  const list = useApprovalList(QUEUE);
  const [params, setParams] = useUrlState();
  const selectedId = params.get("id");
  const sort = parseQueueSort(params.get("sort"));
  const data = list.data?.approvals;
  // Re-sorted every 30 s as well: minutes left change while nothing else does.
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setTick((n) => n + 1), 30_000);
    return () => clearInterval(t);
  }, []);
  const items = useMemo(() => (data ? sortApprovalQueue({ items: data, sort, now: Date.now() }) : undefined), [data, sort, tick]); // eslint-disable-line react-hooks/exhaustive-deps
  const fresh = useFreshIds(items);
  const count = items?.length ?? 0;
  const [batch, setBatch] = useState<ReadonlySet<string>>(new Set());
  const [batchSummary, setBatchSummary] = useState<string | null>(null);
  const batchItems = items?.filter((i) => batch.has(i.id)) ?? [];
  const toggleBatch = (id: string) =>
    setBatch((cur) => {
      const next = new Set(cur);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const toggleBatchRef = useRef(toggleBatch);
  toggleBatchRef.current = toggleBatch;
  const itemRefs = useRef(new Map<string, HTMLButtonElement>());
  const focusId = useRef<string | null>(null);
  // Where the selection was in the list, so j/k still move from there once it left the queue.
  const lastIndex = useRef(0);
  const selectedIndex = items?.findIndex((i) => i.id === selectedId) ?? -1;
  if (selectedIndex >= 0) lastIndex.current = selectedIndex;

  // The selection as last asked for: the URL (and so `selectedId`) follows a render later, and a key pressed
  // right after a click must act on the request just clicked, not on the one before it.
  const chosenId = useRef<string | null>(selectedId);
  useEffect(() => {
    chosenId.current = selectedId;
  }, [selectedId]);
  const select = useCallback(
    (id: string | null, opts: { focus?: boolean } = {}) => {
      if (opts.focus) focusId.current = id;
      chosenId.current = id;
      setParams({ id });
    },
    [setParams],
  );
  useEffect(() => {
    if (!focusId.current || focusId.current !== selectedId) return;
    itemRefs.current.get(focusId.current)?.focus();
    focusId.current = null;
  }, [selectedId, items]);

  /** After a decision on `id`: the request below it (or above, at the end of the queue) is selected and focused. */
  const advance = useCallback(
    (id: string) => {
      if (!items) return;
      const at = items.findIndex((i) => i.id === id);
      const rest = items.filter((i) => i.id !== id);
      const next = at < 0 ? rest[Math.min(lastIndex.current, rest.length - 1)] : rest[Math.min(at, rest.length - 1)];
      // Nothing left to decide: the decided request stays in view with its outcome.
      if (next) select(next.id, { focus: true });
    },
    [items, select],
  );

  useEffect(() => {
    document.title = count > 0 ? `(${count}) ${BASE_TITLE}` : BASE_TITLE;
  }, [count]);
  useEffect(() => () => void (document.title = BASE_TITLE), []);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || e.metaKey || e.ctrlKey || e.altKey || isTypingTarget(e.target) || !items?.length) return;
      const current = chosenId.current;
      if (e.key === "x" && current && items.some((i) => i.id === current)) {
        e.preventDefault();
        return toggleBatchRef.current(current);
      }
      if (e.key !== "j" && e.key !== "k") return;
      e.preventDefault();
      const at = items.findIndex((i) => i.id === current);
      // Nothing selected: j starts at the top. The selection left the queue: its place is held by the
      // request that was below it (j), the one above is at place - 1 (k). Never back to the top.
      const next =
        at >= 0
          ? e.key === "j" ? Math.min(at + 1, items.length - 1) : Math.max(at - 1, 0)
          : !current ? 0
          : e.key === "j" ? Math.min(lastIndex.current, items.length - 1) : Math.max(Math.min(lastIndex.current, items.length) - 1, 0);
      select(items[next].id, { focus: true });
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [items, selectedId, select]);

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
      {/* Below 1024 px: the queue, or one request with a way back (list → detail), never both. */}
      <section aria-label="Pending requests" className={`min-w-0 space-y-2 ${selectedId ? "hidden lg:block" : ""}`}>
        <div className="flex items-center justify-between text-sm text-slate-600">
          <span role="status" aria-live="polite">
            {count} pending{fresh.size > 0 && <span className="ml-2 rounded bg-indigo-600 px-1.5 py-0.5 text-xs font-semibold text-white">{fresh.size} new</span>}
            {batchSummary && <span className="ml-2 text-emerald-700">{batchSummary}</span>}
          </span>
          <label className="flex items-center gap-1 text-xs">
            Sort queue
            <select className="rounded border border-slate-300 bg-white px-1 py-0.5 text-xs" value={sort} onChange={(e) => setParams({ sort: e.target.value === "urgency" ? null : e.target.value })}>
              {QUEUE_SORTS.map((s) => (
                <option key={s} value={s}>
                  {QUEUE_SORT_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
        </div>
        <p className="text-xs text-slate-600" aria-label="Keyboard shortcuts">
          <kbd className="rounded border px-1">j</kbd>/<kbd className="rounded border px-1">k</kbd> move · <kbd className="rounded border px-1">c</kbd> comment (
          <kbd className="rounded border px-1">Esc</kbd> leaves it) · <kbd className="rounded border px-1">a</kbd> then <kbd className="rounded border px-1">Enter</kbd> approve ·{" "}
          <kbd className="rounded border px-1">d</kbd> deny with a reason · <kbd className="rounded border px-1">x</kbd> select for a batch · a decision moves on to the next request
        </p>
        {batchItems.length > 0 && (
          <BatchDecisionBar
            selected={batchItems}
            onDone={(decided, summary) => {
              setBatchSummary(summary);
              setBatch((cur) => new Set([...cur].filter((id) => !decided.includes(id))));
            }}
          />
        )}
        {list.isPending ? (
          <TableSkeleton rows={4} />
        ) : list.error ? (
          <ErrorBox error={list.error} />
        ) : count === 0 ? (
          <EmptyState title="No requests waiting">New requests appear here as gateways send them.</EmptyState>
        ) : (
          <ul className="space-y-2" aria-label="Queue">
            {items!.map((a) => (
              <li key={a.id} className="flex items-start gap-2">
                <input
                  type="checkbox"
                  className="mt-4 h-4 w-4 shrink-0"
                  aria-label={`Select ${a.tool} for ${a.userId} for a batch decision`}
                  checked={batch.has(a.id)}
                  onChange={() => toggleBatch(a.id)}
                  disabled={!canDecide}
                />
                <button
                  type="button"
                  ref={(el) => {
                    if (el) itemRefs.current.set(a.id, el);
                    else itemRefs.current.delete(a.id);
                  }}
                  onClick={() => select(a.id)}
                  aria-current={a.id === selectedId ? "true" : undefined}
                  data-testid={`queue-item-${a.id}`}
                  className={`card min-w-0 flex-1 p-3 text-left transition-colors ${a.id === selectedId ? "ring-2 ring-indigo-500" : "hover:bg-slate-50"} ${fresh.has(a.id) ? "animate-pulse border-indigo-400 bg-indigo-50" : ""}`}
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
                    {a.ruleName && <span>rule {a.ruleName}</span>}
                    {a.requiredApprovals > 1 && (
                      <span>
                        {a.approvals}/{a.requiredApprovals} approvals
                      </span>
                    )}
                  </div>
                  <RiskLine id={a.id} risk={a.risk} />
                  <ClaimBadge claim={a.claim} />
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-label="Request detail" className={selectedId ? "min-w-0" : "hidden lg:block"}>
        {selectedId && (
          <button type="button" className="btn mb-3 lg:hidden" onClick={() => select(null)}>
            ← Back to the queue ({count} pending)
          </button>
        )}
        {selectedId ? (
          <ApprovalDetailPanel key={selectedId} id={selectedId} canDecide={canDecide} onDecided={advance} />
        ) : (
          <EmptyState title="Select a request">Click one in the queue, or press j.</EmptyState>
        )}
      </section>
    </div>
  );
}

/** The risk on a card: score on its 0–100 scale and what produced it (flags with their weights; full text on hover). */
function RiskLine({ id, risk }: { id: string; risk: DashboardApproval["risk"] }) {
  return (
    <div data-testid={`risk-${id}`} title={risk.reasons.join("\n") || "Nothing flagged"} className="mt-1 flex flex-wrap items-center gap-1 text-xs">
      <span className={`rounded px-1 font-semibold ${risk.score >= 50 ? "bg-red-50 text-red-700" : risk.score > 0 ? "bg-amber-50 text-amber-800" : "bg-slate-100 text-slate-700"}`}>
        Risk {risk.score}/100
      </span>
      {risk.reasons.length === 0 ? (
        <span className="text-slate-600">nothing flagged</span>
      ) : (
        risk.reasons.map((r) => (
          <span key={r} className="text-red-700">
            {r.split(":")[0]}
          </span>
        ))
      )}
    </div>
  );
}
