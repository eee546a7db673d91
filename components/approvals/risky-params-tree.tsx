"use client";
import { JsonTree } from "./json-tree";
import { RiskyParamsLegend } from "./risky-params-legend";
import { useRiskyParams } from "./use-precedent-queries";

/** A request's params with the values that usually decide marked in place, and the legend under them. */
export function RiskyParamsTree({ approvalId, params }: { approvalId: string; params: unknown }) {
  const risky = useRiskyParams(approvalId);
  return (
    <>
      <JsonTree value={params} label="Parameters" marks={risky.data?.riskyParams} />
      {risky.data && <RiskyParamsLegend found={risky.data.riskyParams} companyDomains={risky.data.companyDomains} />}
      {risky.error && <p className="mt-1 text-xs text-amber-700">The risky values could not be marked ({risky.error.message}); read the params above in full.</p>}
    </>
  );
}
