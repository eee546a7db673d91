import "server-only";
import type { Prisma } from "../generated/prisma/client";
import { raiseAlert } from "../alerts/raise-alert";
import { fingerprintTool } from "../guards/fingerprint-tool";
import { decideNewToolStatus, decideReportedToolStatus } from "./decide-tool-status";
import { getDefaultTrustPolicy } from "./get-default-trust-policy";
import { getGuardRulesFingerprint } from "./get-guard-rules-fingerprint";
import { scanToolDefinition } from "./scan-tool-definition";
import { TrustPolicy } from "./schema";
import { toolChangedKey, toolDiffLink } from "./tool-changed-alert";

export interface ReportedServer {
  server: string;
  tools: { name: string; [k: string]: unknown }[];
  /** Whether this gateway's list of the server changed since its last report (lib/gateways/record-tool-lists.ts). */
  changed: boolean;
}

/** A definition seen for the first time: the heavy rules scan it after commit (scan-tool-versions-heavy.ts). */
export interface NewToolVersion {
  toolId: string;
  fingerprint: string;
  label: string;
  definition: Record<string, unknown>;
}

const short = (fp: string | null) => (fp ? fp.slice(7, 19) : "none");

/**
 * Builds the inventory from one gateway's PUT /api/v1/tools, inside that request's transaction: each
 * server × tool across gateways, each distinct definition (fingerprintTool) as a version with its scan
 * findings, which gateways list it now, first and last seen. A new tool gets its status from its server's
 * trust policy; an approved tool reported at another fingerprint becomes pending and raises ONE alert
 * naming it, linked to the diff (lib/inventory/decide-tool-status.ts). An unchanged list only moves
 * "last seen". Returns how many tools changed (the caller dispatches alert notifications after commit) and
 * the definitions seen for the first time (the caller has the heavy rules scan them after commit).
 */
export async function recordToolInventory(
  tx: Prisma.TransactionClient,
  opts: { gatewayId: string; gatewayName?: string; servers: ReportedServer[]; now: Date },
): Promise<{ changedTools: number; newVersions: NewToolVersion[] }> {
  const { gatewayId, now } = opts;
  let changedTools = 0;
  const newVersions: NewToolVersion[] = [];
  let defaultTrust: TrustPolicy | undefined;
  for (const s of opts.servers) {
    const names = s.tools.map((t) => t.name);
    if (!s.changed) {
      const bumped = await tx.toolSighting.updateMany({ where: { gatewayId, tool: { server: s.server, name: { in: names } } }, data: { lastSeenAt: now } });
      if (bumped.count === names.length) {
        await tx.inventoryTool.updateMany({ where: { server: s.server, name: { in: names } }, data: { lastSeenAt: now } });
        await tx.inventoryServer.updateMany({ where: { name: s.server }, data: { lastSeenAt: now } });
        continue;
      }
    }
    const serverRow = await tx.inventoryServer.upsert({ where: { name: s.server }, create: { name: s.server, firstSeenAt: now, lastSeenAt: now }, update: { lastSeenAt: now } });
    if (!serverRow.firstSeenAt) await tx.inventoryServer.updateMany({ where: { name: s.server, firstSeenAt: null }, data: { firstSeenAt: now } });
    const parsedTrust = TrustPolicy.safeParse(serverRow.trustPolicy);
    const trustPolicy = parsedTrust.success ? parsedTrust.data : (defaultTrust ??= await getDefaultTrustPolicy(tx));

    const fingerprints = new Map(s.tools.map((t) => [t.name, fingerprintTool(t)]));
    // New tools first (a concurrent report of the same new tool by another gateway loses quietly).
    await tx.inventoryTool.createMany({
      data: s.tools.map((t) => {
        const fingerprint = fingerprints.get(t.name)!;
        const state = decideNewToolStatus({ trustPolicy, fingerprint });
        return {
          server: s.server,
          name: t.name,
          ...state,
          approvedAt: state.status === "approved" ? now : null,
          approvedBy: state.status === "approved" ? `trust policy: ${trustPolicy}` : null,
          currentFingerprint: fingerprint,
          firstSeenAt: now,
          lastSeenAt: now,
        };
      }),
      skipDuplicates: true,
    });
    const rows = await tx.inventoryTool.findMany({ where: { server: s.server, name: { in: names } } });
    const known = await tx.toolVersion.findMany({ where: { toolId: { in: rows.map((r) => r.id) } }, select: { toolId: true, fingerprint: true } });
    const knownVersions = new Set(known.map((v) => `${v.toolId} ${v.fingerprint}`));
    const byName = new Map(rows.map((r) => [r.name, r]));

    for (const t of s.tools) {
      const row = byName.get(t.name)!;
      const fingerprint = fingerprints.get(t.name)!;
      if (knownVersions.has(`${row.id} ${fingerprint}`)) {
        await tx.toolVersion.updateMany({ where: { toolId: row.id, fingerprint }, data: { lastSeenAt: now } });
      } else {
        const created = await tx.toolVersion.createMany({
          data: [{ toolId: row.id, fingerprint, definition: t as Prisma.InputJsonValue, findings: scanToolDefinition(t) as unknown as Prisma.InputJsonValue, scannedWith: getGuardRulesFingerprint(), firstSeenAt: now, lastSeenAt: now, firstGatewayId: gatewayId }],
          skipDuplicates: true,
        });
        if (created.count === 1) newVersions.push({ toolId: row.id, fingerprint, label: `${s.server}/${t.name}`, definition: t });
      }
      const next = decideReportedToolStatus({ state: { status: row.status as never, statusReason: row.statusReason, approvedFingerprint: row.approvedFingerprint }, fingerprint });
      if (next.changed) {
        // Conditional on the approval read above, so two gateways reporting the change raise one alert.
        const moved = await tx.inventoryTool.updateMany({
          where: { id: row.id, status: "approved", approvedFingerprint: row.approvedFingerprint },
          data: { status: next.status, statusReason: next.statusReason, currentFingerprint: fingerprint, lastSeenAt: now },
        });
        if (moved.count === 1) {
          changedTools++;
          const label = `${s.server}/${t.name}`;
          const gatewayName = opts.gatewayName ?? (await tx.gateway.findUnique({ where: { id: gatewayId }, select: { name: true } }))?.name ?? gatewayId;
          await raiseAlert(tx, {
            dedupeKey: toolChangedKey(row.id),
            source: "inventory",
            kind: "tool_changed",
            severity: "critical",
            subjectType: "tool",
            subjectValue: label,
            title: `Tool definition changed: ${label}`,
            explanation:
              `The definition of ${label} changed after it was approved (approved ${short(row.approvedFingerprint)}…, now ${short(fingerprint)}…, ` +
              `reported by gateway ${gatewayName}). Every gateway hides the tool and refuses its calls until someone reviews the diff and re-approves it.`,
            details: { link: toolDiffLink({ toolId: row.id, from: row.approvedFingerprint, to: fingerprint }), subjectLabel: label, toolId: row.id, approvedFingerprint: row.approvedFingerprint, fingerprint, gatewayId },
            now,
          });
        }
      } else if (row.currentFingerprint !== fingerprint || row.lastSeenAt.getTime() !== now.getTime()) {
        await tx.inventoryTool.update({ where: { id: row.id }, data: { currentFingerprint: fingerprint, lastSeenAt: now } });
      }
      await tx.toolSighting.upsert({
        where: { toolId_gatewayId: { toolId: row.id, gatewayId } },
        create: { toolId: row.id, gatewayId, fingerprint, firstSeenAt: now, lastSeenAt: now },
        update: { fingerprint, lastSeenAt: now },
      });
    }
    // This gateway no longer lists the server's other tools.
    await tx.toolSighting.deleteMany({ where: { gatewayId, tool: { server: s.server, name: { notIn: names } } } });
  }
  return { changedTools, newVersions };
}
