import "server-only";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { raiseAlert } from "../alerts/raise-alert";
import { dispatchAlertNotifications } from "../alerts/dispatch-alert-notifications";
import type { Finding, Severity } from "../guards/types";
import { log } from "../log";
import { publish } from "../realtime/publish";
import { findingKey } from "./finding-key";
import { getGuardRulesFingerprint } from "./get-guard-rules-fingerprint";
import type { NewToolVersion } from "./record-tool-inventory";
import { scanToolDefinition } from "./scan-tool-definition";
import { scanToolVersionsHeavy } from "./scan-tool-versions-heavy";

// Re-scans stored tool versions when the guard rules change (issue 17; docs/inventory.md "Re-scan"). Each
// version remembers the rules fingerprint that scanned it (tool_versions.scanned_with,
// lib/guards/fingerprint-guard-rules.ts). This takes the CURRENT versions of known tools scanned by other
// rules (NULL included), oldest first, one bounded batch: re-runs the fast scan, keeps the heavy findings it
// had, stores the result and the current fingerprint (conditional on the fingerprint read, so two instances
// scan a version once), and queues the heavy rules when their half of the fingerprint changed (fire and
// forget, as at record time). A version that gains a finding it did not have (same rule at the same place)
// raises ONE alert naming its tool. It never changes a tool's status: the person or the trust policy decided
// it; the alert asks them to look again. No audit entry: a system job, like the heavy scan.

export interface RescanToolVersionsOptions {
  /** Versions per run (default 200). */
  batchSize?: number;
  now?: Date;
}

export interface RescanToolVersionsResult {
  /** Versions re-scanned by this run. */
  rescanned: number;
  /** Of which gained findings (one alert each). */
  alerted: number;
  /** Whether the batch was full (more may be stale). */
  more: boolean;
}

interface StaleRow {
  id: string;
  tool_id: string;
  fingerprint: string;
  definition: Record<string, unknown>;
  findings: unknown;
  scanned_with: string | null;
  server: string;
  name: string;
  status: string | null;
}

type StoredFinding = Partial<Finding> & { heavy?: boolean };

const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };
const heavyHalf = (fp: string | null) => fp?.split("-")[1] ?? null;

export async function rescanToolVersions(opts: RescanToolVersionsOptions = {}): Promise<RescanToolVersionsResult> {
  const batchSize = opts.batchSize ?? 200;
  const now = opts.now ?? new Date();
  const current = getGuardRulesFingerprint();
  // One indexed query; `<` / `>` rather than `<>` so the scanned_with index serves it.
  const rows = await db().$queryRaw<StaleRow[]>(Prisma.sql`
    SELECT v.id::text AS id, v.tool_id::text AS tool_id, v.fingerprint, v.definition, v.findings, v.scanned_with, t.server, t.name, t.status
    FROM tool_versions v JOIN inventory_tools t ON t.id = v.tool_id AND t.current_fingerprint = v.fingerprint
    WHERE v.scanned_with IS NULL OR v.scanned_with < ${current} OR v.scanned_with > ${current}
    ORDER BY v.first_seen_at, v.id
    LIMIT ${batchSize}`);
  let rescanned = 0;
  let alerted = 0;
  const heavy: NewToolVersion[] = [];
  for (const row of rows) {
    const label = `${row.server}/${row.name}`;
    const before = (Array.isArray(row.findings) ? row.findings : []) as StoredFinding[];
    const fast = scanToolDefinition(row.definition);
    const had = new Set(before.map(findingKey));
    const gained = fast.filter((f) => !had.has(findingKey(f)));
    const findings = [...fast, ...before.filter((f) => f.heavy)];
    const done = await db().$transaction(async (tx) => {
      const moved = await tx.toolVersion.updateMany({
        where: { id: row.id, scannedWith: row.scanned_with },
        data: { findings: findings as unknown as Prisma.InputJsonValue, scannedWith: current },
      });
      if (moved.count !== 1) return false;
      if (gained.length) await raiseRescanAlert(tx, { row, label, gained, now });
      return true;
    });
    if (!done) continue;
    rescanned++;
    if (gained.length) alerted++;
    if (heavyHalf(row.scanned_with) !== heavyHalf(current)) heavy.push({ toolId: row.tool_id, fingerprint: row.fingerprint, label, definition: row.definition });
  }
  scanToolVersionsHeavy({ versions: heavy });
  if (rescanned) publish("tools");
  if (alerted) {
    publish("alerts");
    await dispatchAlertNotifications().catch((err: unknown) => log.warn({ err: (err as Error).message }, "rescan alert notifications failed"));
  }
  if (rescanned) log.info({ rescanned, alerted, rules: current }, "tool versions re-scanned with the current guard rules");
  return { rescanned, alerted, more: rows.length === batchSize };
}

async function raiseRescanAlert(tx: Prisma.TransactionClient, o: { row: StaleRow; label: string; gained: Finding[]; now: Date }) {
  const { row, label, gained } = o;
  const worst = gained.reduce((a, f) => (SEVERITY_RANK[f.severity] > SEVERITY_RANK[a] ? f.severity : a), "low" as Severity);
  const rules = [...new Set(gained.map((f) => f.rule))];
  const named = gained.slice(0, 5).map((f) => `${f.rule} at ${f.path || "/"} (${f.severity}: ${f.message})`).join("; ");
  const since = row.status === "approved" ? "approved" : "first seen";
  await raiseAlert(tx, {
    dedupeKey: `inventory:tool_rescan_finding:${row.tool_id}:${row.fingerprint}`,
    source: "inventory",
    kind: "tool_rescan_finding",
    severity: worst === "critical" ? "critical" : worst === "low" ? "info" : "warning",
    subjectType: "tool",
    subjectValue: label,
    title: `Re-scan with current guard rules flagged ${label}`,
    explanation:
      `Re-scanning ${label} (version ${row.fingerprint.slice(7, 19)}…) with the current guard rules found ${gained.length} new finding(s): ${named}. ` +
      `Found by a rule added or improved since the tool was ${since}. The tool's status (${row.status ?? "not reviewed"}) is unchanged; review it on its page.`,
    details: { link: `/tools/${row.tool_id}`, subjectLabel: label, toolId: row.tool_id, fingerprint: row.fingerprint, rules, scannedWith: row.scanned_with },
    now: o.now,
  });
}
