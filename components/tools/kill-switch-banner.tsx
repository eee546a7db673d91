"use client";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/http/api-client";
import { queryKeys } from "@/lib/query-keys";
import type { KillSwitchBannerItem, KillSwitchKind, KillSwitchList } from "@/lib/inventory/schema";
import { UntrustedText } from "@/components/ui/untrusted-text";

const PLURAL: Record<KillSwitchKind, string> = { user: "users", agent: "agents", server: "servers", gateway: "gateways" };

/**
 * Across the dashboard while a kill switch is on (in the dashboard layout, which persists across pages:
 * so it fetches — seeded by the server's render — and refreshes on changes and every 30 s). Roles that do
 * not manage kill switches get no user or agent ids (lib/inventory/to-kill-switch-banner.ts): those show as
 * a count per kind.
 */
export function KillSwitchBanner({ initial, canOpen }: { initial: KillSwitchBannerItem[]; canOpen: boolean }) {
  // The Tools page's panel shares this query (roles with inventory:read: the full list, `initial` included).
  const { data } = useQuery<KillSwitchList | { active: KillSwitchBannerItem[]; lifted: [] }>({
    queryKey: queryKeys.tools.killSwitches(),
    queryFn: ({ signal }) => apiFetch<KillSwitchList>("/api/kill-switches", { signal }),
    initialData: { active: initial, lifted: [] },
    refetchInterval: 30_000,
  });
  const active: KillSwitchBannerItem[] = data.active;
  if (!active.length) return null;
  const named = active.filter((k) => k.label !== null);
  const unnamed = new Map<KillSwitchKind, number>();
  for (const k of active) if (k.label === null) unnamed.set(k.kind, (unnamed.get(k.kind) ?? 0) + 1);
  const counts = [...unnamed].map(([kind, n]) => `${n} ${n === 1 ? kind : PLURAL[kind]}`);
  return (
    <div role="alert" aria-label="Kill switch active" className="mb-4 rounded-md border border-red-300 bg-red-600 px-4 py-2 text-sm text-white">
      <strong>Kill switch on:</strong>{" "}
      {named.slice(0, 5).map((k, i) => (
        <span key={`${k.kind}-${i}`}>
          {i > 0 ? ", " : ""}
          {k.kind} <UntrustedText value={k.label!} />
        </span>
      ))}
      {named.length > 5 ? ` and ${named.length - 5} more` : ""}
      {counts.length ? `${named.length ? ", " : ""}${counts.join(", ")}` : ""}. Every gateway refuses them until lifted.{" "}
      {canOpen && (
        <Link className="underline" href="/tools#kill-switches">
          Manage
        </Link>
      )}
    </div>
  );
}
