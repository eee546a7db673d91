"use client";
import type { EventFacets, FacetKey } from "@/lib/events/schema";
import { UntrustedText } from "@/components/ui/untrusted-text";

const TITLES: Record<FacetKey, string> = { tool: "Tool", server: "Server", status: "Status", errorType: "Error type", user: "User", flag: "Risk flag" };
const ORDER: FacetKey[] = ["status", "errorType", "tool", "server", "user", "flag"];

/**
 * Counts of the current filter by tool, server, status, error type, user and risk flag. A value is a button
 * that narrows the list to it (pressed when it is the active filter; pressing it again removes the filter).
 */
export function EventFacetsPanel({
  data,
  active,
  onPick,
}: {
  data: EventFacets | undefined;
  active: Partial<Record<FacetKey, string>>;
  onPick: (key: FacetKey, value: string | undefined) => void;
}) {
  if (!data) return <aside aria-label="Facets" aria-busy="true" className="card text-xs text-slate-500">Counting…</aside>;
  return (
    <aside aria-label="Facets" className="card space-y-3 text-xs" data-testid="event-facets">
      {data.sampled && <p className="text-slate-500">Counts of the newest {data.cap.toLocaleString("en-US")} matching events.</p>}
      {ORDER.map((key) => (
        <section key={key} aria-labelledby={`facet-${key}`}>
          <h3 id={`facet-${key}`} className="mb-1 font-medium text-slate-700">
            {TITLES[key]}
          </h3>
          {data.facets[key].length === 0 ? (
            <p className="text-slate-400">none</p>
          ) : (
            <ul className="space-y-0.5">
              {data.facets[key].map((f) => {
                const pressed = f.value !== null && active[key] === f.value;
                return (
                  <li key={f.value ?? "∅"}>
                    {f.value === null ? (
                      <span className="flex justify-between gap-2 px-1 text-slate-500">
                        <span>(no error)</span>
                        <span className="tabular-nums">{f.count.toLocaleString("en-US")}</span>
                      </span>
                    ) : (
                      <button
                        type="button"
                        aria-pressed={pressed}
                        data-facet={key}
                        data-value={f.value}
                        className={`flex w-full justify-between gap-2 rounded px-1 text-left hover:bg-slate-100 ${pressed ? "bg-indigo-50 font-medium" : ""}`}
                        onClick={() => onPick(key, pressed ? undefined : f.value!)}
                      >
                        <span className="min-w-0 truncate">
                          <UntrustedText value={f.value} />
                        </span>
                        <span className="tabular-nums text-slate-600">{f.count.toLocaleString("en-US")}</span>
                      </button>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      ))}
    </aside>
  );
}
