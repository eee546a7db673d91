"use client";
import { useRouter } from "next/navigation";
import { useId, useMemo, useState } from "react";
import { formatTime } from "@/lib/time/format-time";
import { listTimeZones } from "@/lib/time/list-time-zones";
import { useBrowserTimeZone } from "@/components/ui/use-time-zone";

/** The /account section that picks the one clock: the browser's zone (default), UTC, or any IANA zone. */
export function TimeZonePreference({ initial }: { initial: string }) {
  const router = useRouter();
  const id = useId();
  const browser = useBrowserTimeZone();
  const [value, setValue] = useState(initial);
  // A zone saved under another name than this browser lists (Asia/Kolkata vs Asia/Calcutta) stays selectable.
  const zones = useMemo(() => {
    const known = listTimeZones();
    return initial !== "browser" && !known.includes(initial) ? [initial, ...known] : known;
  }, [initial]);
  const [state, setState] = useState<{ kind: "idle" | "saving" | "saved" } | { kind: "error"; message: string }>({ kind: "idle" });
  const zone = value === "browser" ? browser : value;

  async function save(next: string) {
    const previous = value;
    setValue(next);
    setState({ kind: "saving" });
    const res = await fetch("/api/me/preferences", { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ timeZone: next }) });
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
      setValue(previous);
      setState({ kind: "error", message: body?.error?.message ?? `Could not save (HTTP ${res.status}).` });
      return;
    }
    setState({ kind: "saved" });
    router.refresh();
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="time-zone-preference">
      <h2 id={`${id}-title`} className="text-base font-semibold">
        Time zone
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Every time Warden shows you (lists, charts, tooltips, date inputs) is in this zone, 24 h, as YYYY-MM-DD HH:mm. Budget periods keep
        the budgets&apos; own zone and say so.
      </p>
      <label htmlFor={id} className="mt-3 block text-sm font-medium">
        Show times in
      </label>
      <select id={id} className="input mt-1 w-full max-w-sm" value={value} disabled={state.kind === "saving"} onChange={(e) => void save(e.target.value)}>
        <option value="browser">Follow this browser ({browser})</option>
        {zones.map((z) => (
          <option key={z} value={z}>
            {z}
          </option>
        ))}
      </select>
      <p className="mt-2 text-sm text-slate-600" data-testid="time-zone-now" suppressHydrationWarning>
        Now: {formatTime({ value: Date.now(), zone, zoneName: true })} ({zone})
      </p>
      <p role="status" className="mt-1 text-sm" aria-live="polite">
        {state.kind === "saving" ? "Saving…" : state.kind === "saved" ? "Saved." : state.kind === "error" ? <span className="text-red-700">{state.message}</span> : null}
      </p>
    </section>
  );
}
