import type { ApprovalTerms } from "../approvals/match-approval-rule";
import { prng } from "./demo-catalog";
import { makeDemoApprovalRequest, type DemoApprovalCall } from "./make-demo-approval-request";

// The demo's decided history of approval requests (issue 19, item 5: a new user sees precedents): who asked
// what, who decided, with which reason, and what expired. Pure and deterministic for a given `now` and
// seed; lib/demo/seed-demo-decisions.ts writes it.

/** The demo's reviewers (Warden users with the reviewer role; they exist to have decided the history). */
export const DEMO_REVIEWERS = [
  { email: "priya.shah@acme.example", name: "Priya Shah", team: "security" },
  { email: "marco.rossi@acme.example", name: "Marco Rossi", team: "platform" },
  { email: "sofia.lind@acme.example", name: "Sofia Lind", team: "payments" },
] as const;

const DENY_REASONS = [
  "Not what the user asked for; ask them to confirm before the agent does this.",
  "Irreversible and not needed for the stated goal.",
  "Out of scope for the ticket. Denied; re-request with the right target.",
  "The justification does not match the goal.",
];
const APPROVE_COMMENTS = ["Matches the ticket.", "Checked with the requester.", "Routine; as asked.", "Verified the target first."];

export interface DemoDecisionVote {
  reviewer: number;
  decision: "approve" | "deny";
  comment: string | null;
  at: number;
}

export interface DemoDecision {
  call: DemoApprovalCall;
  terms: ApprovalTerms;
  outcome: "approved" | "denied" | "expired";
  createdAt: number;
  decidedAt: number;
  votes: DemoDecisionVote[];
}

/**
 * `count` decided requests over the `days` before `now`, oldest first: calls that fit their goal are mostly
 * approved (by as many reviewers as the rule needs), calls that do not are denied with a reason; some of
 * each expired with no decision. `termsOf` gives each call its rule's terms (quorum, comment, timeout).
 */
export function planDemoDecisions(opts: { now: number; count?: number; days?: number; seed?: number; termsOf: (call: DemoApprovalCall) => ApprovalTerms }): DemoDecision[] {
  const rnd = prng(opts.seed ?? 20261206);
  const count = opts.count ?? 48;
  const span = (opts.days ?? 14) * 86_400_000;
  const out: DemoDecision[] = [];
  for (let i = 0; i < count; i++) {
    const call = makeDemoApprovalRequest(rnd, { mismatchShare: 0.3 });
    const terms = opts.termsOf(call);
    const createdAt = Math.round(opts.now - 20 * 60_000 - rnd() * span);
    const expires = rnd() < (call.fits ? 0.12 : 0.1);
    const votes: DemoDecisionVote[] = [];
    let at = createdAt;
    const first = Math.floor(rnd() * DEMO_REVIEWERS.length);
    if (expires) {
      out.push({ call, terms, outcome: "expired", createdAt, decidedAt: createdAt + terms.timeoutSeconds * 1000, votes });
      continue;
    }
    if (call.fits) {
      for (let k = 0; k < terms.requiredApprovals; k++) {
        at += Math.round((1 + rnd() * 8) * 60_000);
        const comment = terms.requireComment || rnd() < 0.4 ? APPROVE_COMMENTS[Math.floor(rnd() * APPROVE_COMMENTS.length)] : null;
        votes.push({ reviewer: (first + k) % DEMO_REVIEWERS.length, decision: "approve", comment, at });
      }
      out.push({ call, terms, outcome: "approved", createdAt, decidedAt: at, votes });
    } else {
      at += Math.round((1 + rnd() * 8) * 60_000);
      votes.push({ reviewer: first, decision: "deny", comment: DENY_REASONS[Math.floor(rnd() * DENY_REASONS.length)], at });
      out.push({ call, terms, outcome: "denied", createdAt, decidedAt: at, votes });
    }
  }
  return out.sort((a, b) => a.createdAt - b.createdAt);
}
