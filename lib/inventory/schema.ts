import { z } from "zod";
import { PutToolSettingBody } from "../policy/schema";

// The tool inventory's contracts (lib/inventory/, app/api/inventory/**, app/(dashboard)/tools).

// How a server's new tools are treated (docs/inventory.md):
// - review: a new tool is `pending` until a person approves it (the gateway hides it meanwhile);
// - trust-on-first-use: a new tool is approved at its first version, pinned to that fingerprint;
// - open: a new tool is not reviewed (no status: the gateway shows any version of it) until a person
//   approves or blocks it.
// Whatever the policy, an approved tool whose definition changes is `pending` until re-approved.
export const TRUST_POLICIES = ["review", "trust-on-first-use", "open"] as const;
export const TrustPolicy = z.enum(TRUST_POLICIES);
export type TrustPolicy = z.infer<typeof TrustPolicy>;
export const DEFAULT_TRUST_POLICY: TrustPolicy = "review";

export const TOOL_STATUSES = ["approved", "pending", "blocked"] as const;
export const ToolStatus = z.enum(TOOL_STATUSES);
export type ToolStatus = z.infer<typeof ToolStatus>;

export const KILL_SWITCH_KINDS = ["user", "agent", "server", "gateway"] as const;
export const KillSwitchKind = z.enum(KILL_SWITCH_KINDS);
export type KillSwitchKind = z.infer<typeof KillSwitchKind>;

const Name = z.string().trim().min(1).max(200);
const Fingerprint = z.string().regex(/^sha256:[0-9a-f]{64}$/, "must be a tool fingerprint (sha256:<64 hex>)");
const Reason = z.string().trim().max(500);

// A change of trust policy re-decides the known tools the policy alone had decided
// (lib/inventory/decide-tool-status.ts#decideTrustChangeStatus); `dryRun: true` only previews them (the
// dashboard's confirmation).
const DryRun = z.boolean().default(false);

// One tool of a dry run's `redecided` as the person previewed it, sent back with the change in `previewed`:
// the change then applies only if it moves exactly these tools, at these versions, from and to these
// statuses; otherwise 409 naming each difference, and nothing is written (lib/inventory/compare-previewed-tools.ts;
// a dry run checks it too). Without `previewed` (scripts, a policy set before any tool is known) the change
// applies to the tools as they are (docs/inventory.md, "Changing a trust policy").
export const PreviewedTool = z
  .object({ id: z.uuid(), fingerprint: Fingerprint, from: ToolStatus.nullable(), to: ToolStatus.nullable() })
  .strict();
export type PreviewedTool = z.infer<typeof PreviewedTool>;
// ≤ 5,000 previewed tools keep the body under the 1 MB limit of lib/http/read-body.ts.
const Previewed = z.array(PreviewedTool).max(5000).optional();

// PUT /api/inventory/servers/trust
export const PutServerTrustBody = z.object({ trustPolicy: TrustPolicy.nullable(), dryRun: DryRun, previewed: Previewed }).strict();
export type PutServerTrustBody = z.input<typeof PutServerTrustBody>;

// PUT /api/inventory/default-trust
export const PutDefaultTrustBody = z.object({ trustPolicy: TrustPolicy, dryRun: DryRun, previewed: Previewed }).strict();
export type PutDefaultTrustBody = z.input<typeof PutDefaultTrustBody>;

/** A known tool whose status a trust-policy change moves (or would move, in a dry run). */
export interface RedecidedTool {
  id: string;
  server: string;
  tool: string;
  from: ToolStatus | null;
  to: ToolStatus | null;
  /** The tool's current version: the one approved when `to` is approved. */
  fingerprint: string;
}

// The answers of PUT /api/inventory/servers/trust and PUT /api/inventory/default-trust
export interface ServerTrustChange {
  server: string;
  trustPolicy: TrustPolicy | null;
  dryRun: boolean;
  redecided: RedecidedTool[];
}
export interface DefaultTrustChange {
  trustPolicy: TrustPolicy;
  dryRun: boolean;
  redecided: RedecidedTool[];
}

// POST /api/inventory/tools/{id}/approve — approves the version the reviewer saw: 409 when the tool's
// current fingerprint is another one by now.
export const ApproveToolBody = z.object({ fingerprint: Fingerprint }).strict();
export type ApproveToolBody = z.infer<typeof ApproveToolBody>;

// POST /api/inventory/tools/{id}/block
export const BlockToolBody = z.object({ reason: Reason.default("") }).strict();
export type BlockToolBody = z.infer<typeof BlockToolBody>;

// POST /api/inventory/servers/{server}/approve-all — the list the reviewer saw (tool name → fingerprint);
// all or nothing: 409 naming the tools whose current version differs.
export const ApproveServerToolsBody = z
  .object({ tools: z.array(z.object({ tool: Name, fingerprint: Fingerprint }).strict()).min(1).max(1000) })
  .strict();
export type ApproveServerToolsBody = z.infer<typeof ApproveServerToolsBody>;

// PUT /api/inventory/tools/{id}/settings — cost per call, timeout, rate limit (the central tool settings,
// lib/policy/set-tool-setting.ts) and whether a call needs a person's approval (an approval rule for exactly
// this server/tool).
export const PutInventoryToolSettingsBody = PutToolSettingBody.omit({ server: true, tool: true })
  .extend({ needsApproval: z.boolean().default(false) })
  .strict();
export type PutInventoryToolSettingsBody = z.infer<typeof PutInventoryToolSettingsBody>;

// POST /api/kill-switches
export const CreateKillSwitchBody = z.object({ kind: KillSwitchKind, value: Name, reason: Reason.min(1) }).strict();
export type CreateKillSwitchBody = z.infer<typeof CreateKillSwitchBody>;

/** One active kill switch as the banner shows it to roles that do not manage kill switches: no value for a user or an agent. */
export interface KillSwitchBannerItem {
  kind: KillSwitchKind;
  /** A server's or a gateway's name; null for a user or an agent. */
  label: string | null;
}

// GET /api/kill-switches — the full list for roles with inventory:read, the banner's view for the others
export type KillSwitchList = { view: "full"; active: KillSwitchView[]; lifted: KillSwitchView[] } | { view: "banner"; active: KillSwitchBannerItem[] };

export interface KillSwitchView {
  id: string;
  kind: KillSwitchKind;
  value: string;
  /** For a gateway switch: the gateway's name. */
  label: string;
  reason: string;
  createdAt: string;
  createdByEmail: string | null;
  liftedAt: string | null;
  liftedByEmail: string | null;
}

import type { Finding } from "../guards/types";
export type { Finding };

export interface InventoryToolRow {
  id: string;
  server: string;
  name: string;
  status: ToolStatus | null;
  statusReason: string | null;
  trustPolicy: TrustPolicy;
  currentFingerprint: string;
  approvedFingerprint: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  gateways: { id: string; name: string }[];
  calls24h: number;
  findings: Finding[];
  annotations: Record<string, unknown> | null;
  costPerCallUsd: string | null;
  needsApproval: boolean;
  versionCount: number;
}

export interface ToolVersionView {
  id: string;
  fingerprint: string;
  definition: Record<string, unknown>;
  findings: Finding[];
  firstSeenAt: string;
  lastSeenAt: string;
  approved: boolean;
  current: boolean;
}

export interface InventoryToolDetail extends InventoryToolRow {
  timeoutMs: number | null;
  rateLimitPerMinute: number | null;
  approvedAt: string | null;
  approvedBy: string | null;
  versions: ToolVersionView[];
}

export interface InventoryServerView {
  server: string;
  trustPolicy: TrustPolicy;
  explicitTrust: boolean;
  toolCount: number;
  pendingCount: number;
  blockedCount: number;
  killed: boolean;
}

// GET /api/inventory/tools — the answer
export interface InventoryList {
  tools: InventoryToolRow[];
  total: number;
  page: number;
  pageSize: number;
  servers: InventoryServerView[];
  defaultTrustPolicy: TrustPolicy;
}

// GET /api/inventory/tools
export const FindInventoryToolsQuery = z.object({
  server: z.string().max(200).optional(),
  status: z.enum([...TOOL_STATUSES, "unreviewed"]).optional(),
  q: z.string().max(200).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type FindInventoryToolsQuery = z.infer<typeof FindInventoryToolsQuery>;
