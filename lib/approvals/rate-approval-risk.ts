import { scoreRisk } from "../guards/score-risk";

// The risk a reviewer sees on a request (pure: used by the dashboard views).

/** The scale every risk score is on. */
export const RISK_SCALE = { min: 0, max: 100 } as const;

export interface ApprovalRisk {
  /** 0 (nothing flagged) to 100. */
  score: number;
  /** What produced the score, heaviest first: one line per flag (lib/guards/score-risk.ts), and the gateway's own score if it sent one. */
  reasons: string[];
}

/**
 * The request's risk: the score of its flags (scoreRisk: a noisy-OR of documented weights), or the
 * gateway's own score when it sent a higher one. Every contribution is listed as a reason.
 */
export function rateApprovalRisk({ riskScore, riskFlags }: { riskScore: number | null; riskFlags: readonly string[] }): ApprovalRisk {
  const fromFlags = scoreRisk({ flags: riskFlags });
  if (riskScore === null) return fromFlags;
  const gateway = Math.round(Math.min(RISK_SCALE.max, Math.max(RISK_SCALE.min, riskScore)));
  const line = `scored ${gateway} by the gateway`;
  return gateway > fromFlags.score ? { score: gateway, reasons: [line, ...fromFlags.reasons] } : { score: fromFlags.score, reasons: [...fromFlags.reasons, line] };
}
