import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";
import { FAST_SCAN_REVISION, fingerprintGuardRules } from "../guards/fingerprint-guard-rules";
import { INJECTION_RULES } from "../guards/injection-rules";

// The fingerprint of the guard rules this Warden runs (lib/guards/fingerprint-guard-rules.ts): the fast rules
// compiled in, and the heavy rule sets' versions read once from their installed package.json (what the heavy
// worker, lib/guards/heavy/heavy-scan-worker.mjs, loads; its ATR lane is the scanner's default, "alert").
// A package that cannot be read counts as "unknown" (the fingerprint still changes when it comes back).

const HEAVY_PACKAGES = ["agent-threat-rules", "@secretlint/core", "@secretlint/secretlint-rule-preset-recommend"] as const;

let cached: string | undefined;

export function getGuardRulesFingerprint(): string {
  cached ??= fingerprintGuardRules({ injectionRules: INJECTION_RULES, fastRevision: FAST_SCAN_REVISION, heavyRuleSets: { ...Object.fromEntries(HEAVY_PACKAGES.map((p) => [p, packageVersion(p)])), lane: "alert" } });
  return cached;
}

function packageVersion(name: string): string {
  try {
    const json = JSON.parse(readFileSync(path.join(process.cwd(), "node_modules", name, "package.json"), "utf8")) as { version?: unknown };
    return typeof json.version === "string" ? json.version : "unknown";
  } catch {
    return "unknown";
  }
}
