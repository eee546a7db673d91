// Which reviewers may act on a request: anyone with approvals:decide when it names no reviewer team;
// otherwise that team's members, and once the request is escalated the escalation team's too.
function sameTeam(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();
}

export function isAllowedReviewer(a: { reviewerTeam: string | null; escalatedTo: string | null }, team: string | null | undefined): boolean {
  if (!a.reviewerTeam) return true;
  return sameTeam(a.reviewerTeam, team) || sameTeam(a.escalatedTo, team);
}
