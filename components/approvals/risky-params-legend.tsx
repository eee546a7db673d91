"use client";
import type { RiskyParam, RiskyParamKind } from "@/lib/approvals/find-risky-params";
import { RISKY_KIND_STYLE } from "./json-tree";

const MEANING: Record<RiskyParamKind, string> = {
  guard_flagged: "a guard found an injection, a secret or another threat here",
  invisible: "characters a person would not see, shown as ⟦…⟧",
  external_email: "an address outside the company domains",
  external_url: "a link outside the company domains",
  money: "an amount of money",
  unusual_path: "a file path outside the directories this tool's approved requests used, climbing out (..) or in a sensitive place",
};

/** What the marks in the params mean, with how many of each this request has, and what they are checked against. */
export function RiskyParamsLegend({ found, companyDomains }: { found: readonly RiskyParam[]; companyDomains: readonly string[] }) {
  const count = new Map<RiskyParamKind, number>();
  for (const f of found) count.set(f.kind, (count.get(f.kind) ?? 0) + 1);
  return (
    <div className="mt-1 text-xs text-slate-600" data-testid="risky-params-legend">
      {found.length === 0 ? (
        <p>Nothing marked: no external address or link, amount, unusual path, invisible character or guard finding in these params.</p>
      ) : (
        <ul className="flex flex-wrap gap-x-3 gap-y-1" aria-label="What the marks mean">
          {[...count].map(([kind, n]) => (
            <li key={kind}>
              <span className={`rounded px-1 text-[10px] font-semibold uppercase ring-1 ${RISKY_KIND_STYLE[kind].className}`}>{RISKY_KIND_STYLE[kind].label}</span> ×{n}: {MEANING[kind]}
            </li>
          ))}
        </ul>
      )}
      <p className="mt-0.5 text-slate-500">
        Company domains: {companyDomains.length ? companyDomains.join(", ") : "none set (Settings → Company domains), so every domain counts as external"}.
      </p>
    </div>
  );
}
