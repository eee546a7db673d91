// The rules of deciding, as a pure function: any deny denies (votes are refused once a request is
// decided, so the first deny is the only one); otherwise the request is approved on the Nth distinct
// approval; until then it stays pending. One vote per reviewer is enforced by the database (unique
// approval × reviewer); duplicates here count once.

export interface Vote {
  reviewerId: string;
  decision: string; // "approve" | "deny"
}

export type Outcome = "pending" | "approved" | "denied";

export function tallyVotes(requiredApprovals: number, votes: readonly Vote[]): { outcome: Outcome; approvals: number } {
  const approvers = new Set(votes.filter((v) => v.decision === "approve").map((v) => v.reviewerId));
  const approvals = approvers.size;
  if (votes.some((v) => v.decision === "deny")) return { outcome: "denied", approvals };
  return { outcome: approvals >= Math.max(1, requiredApprovals) ? "approved" : "pending", approvals };
}
