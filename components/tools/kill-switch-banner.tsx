"use client";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/http/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { KillSwitchView } from "@/lib/inventory/schema";
import { UntrustedText } from "@/components/ui/untrusted-text";

/**
 * Across the dashboard while a kill switch is on (in the dashboard layout, which persists across pages:
 * so it fetches — seeded by the server's render — and refreshes on changes and every 30 s).
 */
export function KillSwitchBanner({ initial, canOpen }: { initial: KillSwitchView[]; canOpen: boolean }) {
  const { data } = useQuery({
    queryKey: queryKeys.tools.killSwitches(),
    queryFn: ({ signal }) => apiFetch<{ active: KillSwitchView[]; lifted: KillSwitchView[] }>("/api/kill-switches", { signal }),
    initialData: { active: initial, lifted: [] },
    refetchInterval: 30_000,
  });
  const active = data.active;
  if (!active.length) return null;
  return (
    <div role="alert" aria-label="Kill switch active" className="mb-4 rounded-md border border-red-300 bg-red-600 px-4 py-2 text-sm text-white">
      <strong>Kill switch on:</strong>{" "}
      {active.slice(0, 5).map((k, i) => (
        <span key={k.id}>
          {i > 0 ? ", " : ""}
          {k.kind} <UntrustedText value={k.label} />
        </span>
      ))}
      {active.length > 5 ? ` and ${active.length - 5} more` : ""}. Every gateway refuses them until lifted.{" "}
      {canOpen && (
        <Link className="underline" href="/tools#kill-switches">
          Manage
        </Link>
      )}
    </div>
  );
}
