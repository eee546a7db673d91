"use client";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { useCan } from "@/components/layout/current-user";
import { ErrorBox } from "@/components/ui/error-box";
import { UntrustedText } from "@/components/ui/untrusted-text";
import { useTimeZone } from "@/components/ui/use-time-zone";
import { useFilterOptions } from "@/components/overview/use-metrics";
import { parseUrlRange } from "@/lib/metrics/url-range";
import { checkViewQuery } from "@/lib/saved-views/check-view-query";
import { describeViewFilters } from "@/lib/saved-views/describe-view-filters";
import { savedViewHref } from "@/lib/saved-views/saved-view-href";
import { MAX_VIEW_NAME_LENGTH, VIEW_QUERY_PARAMS, type SavedViewPage, type SavedViewView, type ViewRange } from "@/lib/saved-views/schema";
import { viewRangeOf } from "@/lib/saved-views/view-range-of";
import { formatTime } from "@/lib/time/format-time";
import { useSavedViewMutations, useSavedViews } from "./use-saved-views";

const RELATIVE: Record<Extract<ViewRange, { kind: "relative" }>["range"], string> = {
  "15m": "last 15 minutes",
  "1h": "last hour",
  "24h": "last 24 hours",
  "7d": "last 7 days",
  "30d": "last 30 days",
};
/** "last 7 days · relative" or "2026-12-01 10:00 → 2026-12-01 11:00 · fixed" in the viewer's clock. */
export function rangeLabel(range: ViewRange, zone: string): string {
  if (range.kind === "relative") return `${RELATIVE[range.range]} · relative`;
  return `${formatTime({ value: range.from, zone })} → ${formatTime({ value: range.to, zone })} · fixed`;
}

/** A view's filters in words, a gateway by its name (describeViewFilters). */
function FilterSummary({ query, gateways }: { query: Record<string, string>; gateways: readonly { id: string; name: string }[] | undefined }) {
  const parts = describeViewFilters({ query, gateways });
  if (!parts.length) return <span>no filters</span>;
  return (
    <>
      {parts.map((p, i) => (
        <span key={p.key}>
          {i > 0 && ", "}
          {p.label}
          {p.value !== undefined && (
            <>
              {" "}
              <UntrustedText className="font-mono" value={p.value} />
            </>
          )}
        </span>
      ))}
    </>
  );
}

/**
 * The Views menu of a page (Events explorer, Overview): save the page's current filters and time window
 * under a name, personal or shared; list "My views" and "Shared"; apply one (a link to its URL: a
 * relative range stays relative, an absolute one absolute, as each entry says); rename, share, delete.
 * A disclosure: the button opens a labelled panel of links, buttons and one form; Escape closes it and
 * returns focus to the button. Names are other people's text: shown with invisible characters made visible.
 */
export function ViewsMenu({ page }: { page: SavedViewPage }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const nameInput = useRef<HTMLInputElement>(null);
  const zone = useTimeZone();
  const params = useSearchParams();
  const serialized = params.toString();
  // The page's own parameters in its URL, checked as the server will (from/to imply range=custom).
  const current = useMemo(() => {
    const all = new URLSearchParams(serialized);
    const picked: Record<string, string> = {};
    for (const k of Object.keys(VIEW_QUERY_PARAMS[page])) {
      const v = all.get(k);
      if (v) picked[k] = v;
    }
    const checked = checkViewQuery({ page, query: picked });
    return { query: checked.issues.length ? picked : checked.query, href: savedViewHref({ page, query: checked.query }) };
  }, [serialized, page]);
  // The gateways to name a view's gateway filter by: the list the page's filter bar reads for its window (the
  // same query, so no request of its own), gateways being listed whatever the window.
  const optionsWindow = useMemo(() => {
    const all = new URLSearchParams(serialized);
    const r = parseUrlRange({ range: all.get("range") ?? undefined, from: all.get("from") ?? undefined, to: all.get("to") ?? undefined });
    return { range: r.range, from: r.from, to: r.to };
  }, [serialized]);
  const gateways = useFilterOptions(optionsWindow).data?.gateways;
  const views = useSavedViews(page, open);
  const { create, update, remove } = useSavedViewMutations();
  const canModerate = useCan("saved_views:moderate");
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ id: string; name: string } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  // The panel opens towards the page: under a button at the right (wide header), or at the left (a wrapped one).
  const [alignRight, setAlignRight] = useState(true);

  const close = (focusButton: boolean) => {
    setOpen(false);
    setEditing(null);
    setConfirming(null);
    if (focusButton) button.current?.focus();
  };
  useEffect(() => {
    if (!open) return;
    nameInput.current?.focus();
    const outside = (e: MouseEvent) => {
      if (!panel.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) close(false);
    };
    document.addEventListener("mousedown", outside);
    return () => document.removeEventListener("mousedown", outside);
  }, [open]);

  const save = (e: React.FormEvent) => {
    e.preventDefault();
    setSaved(null);
    create.mutate(
      { page, name: name.trim(), query: current.query, shared },
      {
        onSuccess: (r) => {
          setSaved(r.view.name);
          setName("");
          setShared(false);
        },
      },
    );
  };

  const item = (v: SavedViewView) => {
    const isCurrent = v.href === current.href;
    return (
      <li key={v.id} className="py-2" data-testid="saved-view" data-view-id={v.id}>
        {editing?.id === v.id ? (
          <form
            className="flex flex-wrap items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              update.mutate({ id: v.id, name: editing.name.trim() }, { onSuccess: () => setEditing(null) });
            }}
          >
            <label className="flex flex-col text-xs text-slate-600">
              New name
              <input className="input py-1 text-sm" value={editing.name} maxLength={MAX_VIEW_NAME_LENGTH} onChange={(e) => setEditing({ id: v.id, name: e.target.value })} autoFocus />
            </label>
            <button type="submit" className="btn btn-primary" disabled={update.isPending}>
              Save name
            </button>
            <button type="button" className="btn" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </form>
        ) : (
          <div className="flex items-baseline gap-2">
            <Link href={v.href} className="min-w-0 break-words font-medium text-indigo-700 hover:underline" aria-current={isCurrent ? "page" : undefined} onClick={() => close(false)}>
              <UntrustedText value={v.name} />
            </Link>
            {v.mine && v.shared && <span className="rounded bg-slate-100 px-1 text-xs text-slate-700">shared</span>}
            {isCurrent && <span className="text-xs text-slate-600">(showing)</span>}
          </div>
        )}
        <p className="text-xs text-slate-600">
          {rangeLabel(v.range, zone)} · <FilterSummary query={v.query} gateways={gateways} />
          {!v.mine && <> · by <UntrustedText value={v.owner.name ?? v.owner.email} /></>}
        </p>
        {confirming === v.id ? (
          <div className="mt-1 flex flex-wrap items-center gap-2 text-xs" role="group" aria-label="Confirm delete">
            <span>
              Delete “<UntrustedText value={v.name} />”{v.shared ? " for everyone" : ""}?
            </span>
            <button type="button" className="btn" onClick={() => remove.mutate(v.id, { onSuccess: () => setConfirming(null) })} disabled={remove.isPending}>
              Delete view
            </button>
            <button type="button" className="btn" onClick={() => setConfirming(null)}>
              Keep it
            </button>
          </div>
        ) : (
          (v.mine || (v.shared && canModerate)) &&
          editing?.id !== v.id && (
            <div className="mt-1 flex flex-wrap gap-3 text-xs">
              {v.mine && (
                <>
                  <button type="button" className="text-slate-700 underline" onClick={() => setEditing({ id: v.id, name: v.name })}>
                    Rename<span className="sr-only"> {v.name}</span>
                  </button>
                  <button type="button" className="text-slate-700 underline" onClick={() => update.mutate({ id: v.id, shared: !v.shared })} disabled={update.isPending}>
                    {v.shared ? "Stop sharing" : "Share"}
                    <span className="sr-only"> {v.name}</span>
                  </button>
                </>
              )}
              <button type="button" className="text-red-700 underline" onClick={() => setConfirming(v.id)}>
                Delete<span className="sr-only"> {v.name}</span>
              </button>
            </div>
          )
        )}
      </li>
    );
  };

  const section = (title: string, key: string, list: SavedViewView[] | undefined, empty: string) => (
    <section aria-labelledby={`${id}-${key}`}>
      <h2 id={`${id}-${key}`} className="text-xs font-semibold uppercase tracking-wide text-slate-600">
        {title}
      </h2>
      {views.isPending ? (
        <p className="py-2 text-sm text-slate-600" role="status">
          Loading views…
        </p>
      ) : views.error ? null : list && list.length ? (
        <ul className="divide-y divide-slate-100" aria-labelledby={`${id}-${key}`}>
          {list.map(item)}
        </ul>
      ) : (
        <p className="py-2 text-sm text-slate-600">{empty}</p>
      )}
    </section>
  );

  return (
    <div className="relative">
      <button
        ref={button}
        type="button"
        className="btn"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        onClick={() => {
          if (open) return close(false);
          const r = button.current?.getBoundingClientRect();
          setAlignRight(!r || r.right > window.innerWidth / 2);
          setOpen(true);
        }}
      >
        Views
      </button>
      {open && (
        <div
          ref={panel}
          id={`${id}-panel`}
          role="dialog"
          aria-label="Saved views"
          className={`absolute ${alignRight ? "right-0" : "left-0"} z-30 mt-1 max-h-[70vh] w-[min(26rem,calc(100vw-2rem))] space-y-4 overflow-y-auto rounded-lg border border-slate-200 bg-white p-3 text-left shadow-lg`}
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              e.stopPropagation();
              close(true);
            }
          }}
        >
          <form className="space-y-2" onSubmit={save} aria-labelledby={`${id}-save`}>
            <h2 id={`${id}-save`} className="text-xs font-semibold uppercase tracking-wide text-slate-600">
              Save the current view
            </h2>
            <p className="text-xs text-slate-600">
              Filters and time window: {rangeLabel(viewRangeOf(current.query), zone)} · <FilterSummary query={current.query} gateways={gateways} />
            </p>
            <div className="flex items-end gap-2">
              <label className="flex min-w-0 flex-1 flex-col text-xs text-slate-600">
                Name
                <input ref={nameInput} className="input py-1 text-sm" value={name} maxLength={MAX_VIEW_NAME_LENGTH} required onChange={(e) => setName(e.target.value)} />
              </label>
              <button type="submit" className="btn btn-primary" disabled={create.isPending || !name.trim()}>
                {create.isPending ? "Saving…" : "Save view"}
              </button>
            </div>
            <label className="flex items-center gap-2 text-xs text-slate-700">
              <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />
              Share with everyone who can open this page
            </label>
            <ErrorBox error={create.error} />
            {saved && (
              <p className="text-xs text-emerald-700" role="status">
                Saved “<UntrustedText value={saved} />”.
              </p>
            )}
          </form>
          <ErrorBox error={update.error ?? remove.error} />
          {views.error && (
            <div className="space-y-2">
              <ErrorBox error={views.error} />
              <button type="button" className="btn" onClick={() => void views.refetch()}>
                Retry
              </button>
            </div>
          )}
          {section("My views", "mine", views.data?.mine, "No saved views yet: name the current filters above to keep them.")}
          {section("Shared", "shared", views.data?.shared, "Nobody has shared a view of this page yet.")}
        </div>
      )}
    </div>
  );
}
