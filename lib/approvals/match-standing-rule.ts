import canonicalize from "canonicalize";
import { globMatch } from "./glob-match";
import { sameIdentity } from "./normalize-identity";
import type { StandingRuleConstraints } from "./standing-rule-schema";

// Whether a standing rule approves a new request, as pure functions (unit-tested without a database).
// Fail closed: any doubt leaves the request to people.

/** Identity sources the gateway proved (a verified JWT, a client token); `config` and none are not proof. */
export const VERIFIED_IDENTITY_SOURCES = ["jwt", "static-token"] as const;

export interface RequestForStanding {
  server: string;
  tool: string;
  userId: string;
  team: string | null;
  identitySource: string | null;
  params: unknown;
  /** The approval rule the request fell under (null: default terms). */
  ruleId: string | null;
  requiredApprovals: number;
}

export interface GoverningRule {
  humanEveryTime: boolean;
}

export interface StandingRuleForMatching {
  id: string;
  number: number;
  scope: string;
  subject: string;
  server: string;
  tool: string;
  constraints: unknown;
  ruleId: string | null;
  expiresAt: Date;
  revokedAt: Date | null;
}

/**
 * Why no standing rule may approve this request (null when one may): its rule says a human every time, the
 * gateway could not verify who asks, it needs a quorum of people, or its params are not an object.
 */
export function standingRuleBlocker(req: RequestForStanding, rule: GoverningRule | null): string | null {
  if (rule?.humanEveryTime) return "Its approval rule requires a human every time.";
  if (!VERIFIED_IDENTITY_SOURCES.includes(req.identitySource as (typeof VERIFIED_IDENTITY_SOURCES)[number])) {
    return req.identitySource === "config"
      ? "The gateway could not verify the requester (identity from the gateway's config)."
      : "The gateway did not say how it verified the requester.";
  }
  if (req.requiredApprovals > 1) return `Its rule needs ${req.requiredApprovals} approvals by people.`;
  if (!isPlainObject(req.params)) return "Its params are not a JSON object, so they cannot be constrained key by key.";
  return null;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function canonical(v: unknown): string | undefined {
  try {
    return canonicalize(v);
  } catch {
    return undefined;
  }
}

/** Every key of `params` is named by a constraint and satisfies it; every constrained key is present. */
export function paramsMatchConstraints(params: unknown, constraints: StandingRuleConstraints): boolean {
  if (!isPlainObject(params)) return false;
  const keys = Object.keys(params);
  if (keys.some((k) => !Object.hasOwn(constraints, k))) return false;
  for (const [key, c] of Object.entries(constraints)) {
    if (!Object.hasOwn(params, key)) return false;
    const value = params[key];
    if (c.kind === "any") continue;
    if (c.kind === "glob") {
      if (typeof value !== "string" || !globMatch(c.pattern, value)) return false;
    } else {
      const want = canonical(c.value);
      if (want === undefined || want !== canonical(value)) return false;
    }
  }
  return true;
}

/** The standing rule's subject is this requester (same person after normalisation) or their team. */
export function subjectMatches(rule: Pick<StandingRuleForMatching, "scope" | "subject">, req: Pick<RequestForStanding, "userId" | "team">): boolean {
  if (rule.scope === "user") return sameIdentity(rule.subject, req.userId);
  if (rule.scope === "team") return !!req.team && rule.subject.trim().toLowerCase() === req.team.trim().toLowerCase();
  return false;
}

export function standingRuleApplies(rule: StandingRuleForMatching, req: RequestForStanding, now: Date): boolean {
  if (rule.revokedAt || rule.expiresAt.getTime() <= now.getTime()) return false;
  if (rule.server !== req.server || rule.tool !== req.tool) return false;
  if ((rule.ruleId ?? null) !== (req.ruleId ?? null)) return false;
  if (!subjectMatches(rule, req)) return false;
  return paramsMatchConstraints(req.params, rule.constraints as StandingRuleConstraints);
}

/** The standing rules that apply to the request, oldest first: none when it is blocked. */
export function applicableStandingRules<R extends StandingRuleForMatching>(rules: R[], req: RequestForStanding, rule: GoverningRule | null, now = new Date()): R[] {
  if (standingRuleBlocker(req, rule)) return [];
  return [...rules].sort((a, b) => a.number - b.number).filter((r) => standingRuleApplies(r, req, now));
}

/** The standing rule that approves the request: none when blocked; else the oldest that applies. */
export function matchStandingRule<R extends StandingRuleForMatching>(rules: R[], req: RequestForStanding, rule: GoverningRule | null, now = new Date()): R | null {
  return applicableStandingRules(rules, req, rule, now)[0] ?? null;
}

export interface StandingRuleAuthor {
  id: string;
  email: string;
  team: string | null;
  active: boolean;
  /** Whether the author's roles still grant approvals:decide. */
  mayDecide: boolean;
}

/**
 * A standing rule is its author's standing vote: it approves only what the author could approve now — the
 * author is active and still may decide, is of the request's reviewer team when it has one, and is not the
 * requester (a team-wide rule never approves its author's own requests).
 */
export function authorMayApprove(author: StandingRuleAuthor | null | undefined, req: Pick<RequestForStanding, "userId"> & { reviewerTeam: string | null }): boolean {
  if (!author || !author.active || !author.mayDecide) return false;
  const team = req.reviewerTeam?.trim().toLowerCase();
  if (team && team !== author.team?.trim().toLowerCase()) return false;
  return !sameIdentity(req.userId, author.email) && !sameIdentity(req.userId, author.id);
}

/** The constraints a reviewer starts from: every top-level key of the params, its exact value. */
export function prefillConstraints(params: unknown): StandingRuleConstraints {
  if (!isPlainObject(params)) return {};
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, { kind: "exact" as const, value: (v ?? null) as never }]));
}

export function standingRuleLabel(number: number): string {
  return `standing rule ${number}`;
}
