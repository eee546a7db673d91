"use client";
import type { FilterOptions } from "@/lib/metrics/find-filter-options";

export type DimensionKey = "gateway" | "server" | "tool" | "team" | "user";
export const DIMENSION_LABELS: Record<DimensionKey, string> = { gateway: "Gateway", server: "Server", tool: "Tool", team: "Team", user: "User" };

function Select(props: { id: string; label: string; value?: string; options: { value: string; label: string }[]; onChange: (v: string | undefined) => void }) {
  const opts = props.value && !props.options.some((o) => o.value === props.value) ? [{ value: props.value, label: props.value }, ...props.options] : props.options;
  return (
    <div className="flex flex-col">
      <label htmlFor={props.id} className="text-xs text-slate-600">
        {props.label}
      </label>
      <select id={props.id} className="input max-w-[12rem] py-1" value={props.value ?? ""} onChange={(e) => props.onChange(e.target.value || undefined)}>
        <option value="">All</option>
        {opts.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Gateway / server / tool / team pickers and a user field, fed by the rollups of the current range. */
export function DimensionFilters(props: { idPrefix: string; values: Partial<Record<DimensionKey, string>>; options?: FilterOptions; onChange: (patch: Partial<Record<DimensionKey, string | undefined>>) => void }) {
  const o = props.options;
  const tools = [...new Set((o?.tools ?? []).filter((t) => !props.values.server || t.server === props.values.server).map((t) => t.tool))];
  return (
    <div className="flex flex-wrap items-end gap-2">
      <Select id={`${props.idPrefix}-gateway`} label="Gateway" value={props.values.gateway} options={(o?.gateways ?? []).map((g) => ({ value: g.id, label: g.name }))} onChange={(v) => props.onChange({ gateway: v })} />
      <Select id={`${props.idPrefix}-server`} label="Server" value={props.values.server} options={(o?.servers ?? []).map((s) => ({ value: s, label: s }))} onChange={(v) => props.onChange({ server: v })} />
      <Select id={`${props.idPrefix}-tool`} label="Tool" value={props.values.tool} options={tools.map((t) => ({ value: t, label: t }))} onChange={(v) => props.onChange({ tool: v })} />
      <Select id={`${props.idPrefix}-team`} label="Team" value={props.values.team} options={(o?.teams ?? []).map((t) => ({ value: t, label: t }))} onChange={(v) => props.onChange({ team: v })} />
      <div className="flex flex-col">
        <label htmlFor={`${props.idPrefix}-user`} className="text-xs text-slate-600">
          User
        </label>
        <input
          id={`${props.idPrefix}-user`}
          className="input max-w-[12rem] py-1"
          list={`${props.idPrefix}-users`}
          defaultValue={props.values.user ?? ""}
          key={props.values.user ?? ""}
          placeholder="any user"
          onKeyDown={(e) => {
            if (e.key === "Enter") props.onChange({ user: e.currentTarget.value.trim() || undefined });
          }}
          onBlur={(e) => {
            const v = e.currentTarget.value.trim() || undefined;
            if (v !== props.values.user) props.onChange({ user: v });
          }}
        />
        <datalist id={`${props.idPrefix}-users`}>
          {(o?.users ?? []).map((u) => (
            <option key={u} value={u} />
          ))}
        </datalist>
      </div>
    </div>
  );
}

/** The active filters as removable chips. */
export function FilterChips(props: { values: Partial<Record<string, string>>; labels: Record<string, string>; display?: (key: string, value: string) => string; onRemove: (key: string) => void; onClear: () => void }) {
  const active = Object.entries(props.values).filter(([k, v]) => v && props.labels[k]) as [string, string][];
  if (!active.length) return null;
  return (
    <div className="flex flex-wrap items-center gap-2" aria-label="Active filters">
      {active.map(([k, v]) => (
        <span key={k} className="inline-flex items-center gap-1 rounded-full bg-indigo-50 px-2 py-0.5 text-xs text-indigo-800">
          {props.labels[k]}: <span className="font-mono">{props.display ? props.display(k, v) : v}</span>
          <button type="button" className="ml-1 rounded px-1 hover:bg-indigo-100" aria-label={`Remove ${props.labels[k]} filter`} onClick={() => props.onRemove(k)}>
            ×
          </button>
        </span>
      ))}
      <button type="button" className="text-xs text-slate-600 underline" onClick={props.onClear}>
        Clear filters
      </button>
    </div>
  );
}
