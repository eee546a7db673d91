import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import type { InjectionRule } from "./injection-rules";

// The guard rules fingerprint: a short, stable hash of what decides a tool definition's scan findings, so
// Warden can tell which stored tool versions were scanned by other (older) rules and re-scan them
// (lib/inventory/rescan-tool-versions.ts; docs/guards.md "Rules fingerprint"). It covers:
//   - the fast injection rules as data (INJECTION_RULES: id, flag, category, severity, strength, where,
//     message and the pattern's source and flags), in their canonical (RFC 8785) form;
//   - `fastRevision`: the revision of the fast scan's code detectors (hidden Unicode, ANSI, links, encoded
//     payloads, folding: FAST_SCAN_REVISION), which are code, not data — bump it when they change;
//   - `heavyRuleSets`: the identity of the heavy rule sets (package name → version, e.g. agent-threat-rules,
//     secretlint's preset) and anything else that selects their rules (ATR's lane).
// Order of the rules matters not; any change in one of them changes the fingerprint. Pure: no I/O.

/** The revision of scan-text.ts's code detectors (not INJECTION_RULES, which are hashed as data). */
export const FAST_SCAN_REVISION = 1;

export interface FingerprintGuardRulesOptions {
  injectionRules: readonly InjectionRule[];
  fastRevision: number;
  heavyRuleSets: Readonly<Record<string, string>>;
}

/**
 * "rules:<fast>-<heavy>": the first 12 hex digits of the SHA-256 of the canonical form of each half, so a
 * reader can tell whether only the fast rules changed (a re-scan then need not queue the heavy rules).
 */
export function fingerprintGuardRules({ injectionRules, fastRevision, heavyRuleSets }: FingerprintGuardRulesOptions): string {
  const rules = injectionRules
    .map((r) => ({ id: r.id, flag: r.flag, category: r.category, severity: r.severity, strength: r.strength, where: r.where ? [...r.where].sort() : null, message: r.message, pattern: r.pattern.source, patternFlags: r.pattern.flags }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return `rules:${hash({ revision: fastRevision, injectionRules: rules })}-${hash(heavyRuleSets)}`;
}

const hash = (value: unknown) => createHash("sha256").update(canonicalize(value)!, "utf8").digest("hex").slice(0, 12);
