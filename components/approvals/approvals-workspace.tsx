"use client";
import Link from "next/link";
import { ApprovalHistory } from "./approval-history";
import { ApprovalQueue } from "./approval-queue";
import { ApprovalRulesAdmin } from "./approval-rules-admin";
import { useUrlState } from "./use-url-state";

const TABS = [
  { id: "queue", label: "Queue" },
  { id: "history", label: "History" },
  { id: "rules", label: "Rules" },
] as const;

/** /approvals: the live queue, the history and the rules, one tab each (the tab lives in the URL). */
export function ApprovalsWorkspace({ canDecide, canEditRules }: { canDecide: boolean; canEditRules: boolean }) {
  const [params] = useUrlState();
  const tab = TABS.find((t) => t.id === params.get("tab"))?.id ?? "queue";
  return (
    <div className="space-y-4">
      <nav aria-label="Approvals sections" className="flex gap-1 border-b border-slate-200">
        {TABS.map((t) => (
          <Link
            key={t.id}
            href={t.id === "queue" ? "/approvals" : `/approvals?tab=${t.id}`}
            aria-current={tab === t.id ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm ${tab === t.id ? "border-indigo-600 font-semibold text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
          >
            {t.label}
          </Link>
        ))}
      </nav>
      {tab === "queue" && <ApprovalQueue canDecide={canDecide} />}
      {tab === "history" && <ApprovalHistory />}
      {tab === "rules" && <ApprovalRulesAdmin canEdit={canEditRules} />}
    </div>
  );
}
