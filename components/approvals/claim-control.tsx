"use client";
import type { DashboardApproval } from "@/lib/approvals/dashboard-approval-view";
import { useCurrentUser } from "@/components/layout/current-user";
import { ClaimBadge } from "./claim-badge";
import { useClaimApproval } from "./use-precedent-queries";

/**
 * In a pending request's detail: who claimed it, and Claim / Unclaim for a reviewer who may decide it.
 * Advisory: it tells other reviewers someone is on it; it changes neither who may vote nor the quorum.
 */
export function ClaimControl({ approval, canDecide }: { approval: DashboardApproval & { viewer?: { teamAllowed: boolean } }; canDecide: boolean }) {
  const me = useCurrentUser();
  const claim = useClaimApproval(approval.id);
  if (approval.status !== "pending") return null;
  const mine = !!approval.claim && approval.claim.reviewerEmail.toLowerCase() === me.email.toLowerCase();
  const may = canDecide && approval.viewer?.teamAllowed !== false;
  return (
    <div className="mt-1 flex flex-wrap items-center justify-end gap-2 text-xs" data-testid="claim-control">
      <ClaimBadge claim={approval.claim} mine={mine} />
      {may && !approval.claim && (
        <button type="button" className="btn px-2 py-0.5 text-xs" disabled={claim.isPending} onClick={() => claim.mutate(true)} title="Tell other reviewers you are on it (advisory: the quorum does not change)">
          Claim
        </button>
      )}
      {may && mine && (
        <button type="button" className="btn px-2 py-0.5 text-xs" disabled={claim.isPending} onClick={() => claim.mutate(false)}>
          Unclaim
        </button>
      )}
      {claim.error && <span className="text-red-700" role="alert">{claim.error.message}</span>}
    </div>
  );
}
