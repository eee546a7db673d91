"use client";
import Link from "next/link";
import { useUrlState } from "@/components/approvals/use-url-state";
import { AlertRulesAdmin } from "./alert-rules-admin";
import { AlertsBoard } from "./alerts-board";
import { ChannelsAdmin } from "./channels-admin";

/** /alerts: the live alert list, the rules, and (admins) the notification channels — one tab each, in the URL. */
export function AlertsWorkspace({ canEditRules, canEditChannels }: { canEditRules: boolean; canEditChannels: boolean }) {
  const [params] = useUrlState();
  const tabs = [
    { id: "alerts", label: "Alerts" },
    { id: "rules", label: "Rules" },
    ...(canEditChannels ? [{ id: "channels", label: "Channels" }] : []),
  ];
  const tab = tabs.find((t) => t.id === params.get("tab"))?.id ?? "alerts";
  return (
    <div className="space-y-4">
      <nav aria-label="Alerts sections" className="flex gap-1 border-b border-slate-200">
        {tabs.map((t) => (
          <Link
            key={t.id}
            href={t.id === "alerts" ? "/alerts" : `/alerts?tab=${t.id}`}
            aria-current={tab === t.id ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm ${tab === t.id ? "border-indigo-600 font-semibold text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
          >
            {t.label}
          </Link>
        ))}
      </nav>
      {tab === "alerts" && <AlertsBoard />}
      {tab === "rules" && <AlertRulesAdmin canEdit={canEditRules} />}
      {tab === "channels" && canEditChannels && <ChannelsAdmin />}
    </div>
  );
}
