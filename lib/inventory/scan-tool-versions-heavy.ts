import "server-only";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { raiseAlert } from "../alerts/raise-alert";
import { dispatchAlertNotifications } from "../alerts/dispatch-alert-notifications";
import { createHeavyScanner, type HeavyFinding, type HeavyScanner } from "../guards/heavy/create-heavy-scanner";
import { log } from "../log";
import { publish } from "../realtime/publish";
import { findingKey } from "./finding-key";
import type { NewToolVersion } from "./record-tool-inventory";

// The guards' heavy path at inventory time (issue 17 "Two speeds"; docs/guards.md): each tool definition
// Warden sees for the first time is scanned by agent-threat-rules and secretlint in a worker thread
// (lib/guards/heavy), after PUT /api/v1/tools has answered — never on a gateway's or a call's path. A finding
// only ADDS: its findings join the version's scan findings (the Tools page shows them) and one alert names
// the tool. It never changes a tool's status; the fast scan, trust policy and reviewers decide that.

let scanner: HeavyScanner | null = null;

/** Fire and forget: returns at once; failures are logged. */
export function scanToolVersionsHeavy(opts: { versions: readonly NewToolVersion[] }): void {
  if (!opts.versions.length) return;
  scanner ??= createHeavyScanner({});
  const heavy = scanner;
  void Promise.all(opts.versions.map((v) => scanOne(heavy, v))).catch((err: unknown) => log.warn({ err: (err as Error).message }, "heavy tool scan failed"));
}

/** The texts a model reads as the tool's description. */
function descriptionText(definition: Record<string, unknown>): string {
  return ["title", "description"]
    .map((k) => definition[k])
    .filter((x): x is string => typeof x === "string" && x.length > 0)
    .join("\n");
}

async function scanOne(heavy: HeavyScanner, v: NewToolVersion): Promise<void> {
  const text = descriptionText(v.definition);
  if (!text) return;
  const { findings, dropped } = await heavy.scan({ text, where: "tool_description" });
  if (dropped || !findings.length) return;
  await recordHeavyFindings(v, findings);
}

async function recordHeavyFindings(v: NewToolVersion, findings: HeavyFinding[]): Promise<void> {
  const raised = await db().$transaction(async (tx) => {
    const version = await tx.toolVersion.findFirst({ where: { toolId: v.toolId, fingerprint: v.fingerprint }, select: { id: true, findings: true } });
    if (!version) return false;
    const before = Array.isArray(version.findings) ? (version.findings as { rule?: unknown; path?: unknown; heavy?: unknown }[]) : [];
    // A re-scan (lib/inventory/rescan-tool-versions.ts) keeps the heavy findings it had: add and alert only new ones.
    const had = new Set(before.filter((f) => f.heavy).map(findingKey));
    const extra = findings.map((f) => ({ ...f, start: f.start ?? 0, end: f.end ?? 0, path: "/description", heavy: true })).filter((f) => !had.has(findingKey(f)));
    if (!extra.length) return false;
    await tx.toolVersion.update({ where: { id: version.id }, data: { findings: [...before, ...extra] as unknown as Prisma.InputJsonValue } });
    const rules = [...new Set(extra.map((f) => f.rule))];
    await raiseAlert(tx, {
      dedupeKey: `inventory:tool_heavy_finding:${v.toolId}:${v.fingerprint}`,
      source: "inventory",
      kind: "tool_heavy_finding",
      severity: extra.some((f) => f.severity === "critical" || f.severity === "high") ? "warning" : "info",
      subjectType: "tool",
      subjectValue: v.label,
      title: `Heavy guard rules flagged ${v.label}`,
      explanation: `The description of ${v.label} (version ${v.fingerprint.slice(7, 19)}…) matched ${rules.length} heavy rule(s): ${rules.slice(0, 5).join(", ")}. ${extra[0].message}. The tool's status is unchanged; review it on its page.`,
      details: { link: `/tools/${v.toolId}`, subjectLabel: v.label, toolId: v.toolId, fingerprint: v.fingerprint, rules },
    });
    return true;
  });
  if (!raised) return;
  publish("tools");
  publish("alerts");
  await dispatchAlertNotifications();
}
