import type { ToolStatus, TrustPolicy } from "./schema";

// The inventory's state machine for what gateways report (pure; lib/inventory/record-tool-inventory.ts).

export interface ToolState {
  status: ToolStatus | null;
  statusReason: string | null;
  approvedFingerprint: string | null;
}

/** A tool seen for the first time, under its server's trust policy. */
export function decideNewToolStatus(opts: { trustPolicy: TrustPolicy; fingerprint: string }): ToolState {
  switch (opts.trustPolicy) {
    case "review":
      return { status: "pending", statusReason: "new", approvedFingerprint: null };
    case "trust-on-first-use":
      return { status: "approved", statusReason: "first-use", approvedFingerprint: opts.fingerprint };
    case "open":
      return { status: null, statusReason: null, approvedFingerprint: null };
  }
}

/**
 * A known tool reported at `fingerprint`. Whatever the trust policy, an approved tool reported at another
 * fingerprint than the approved one becomes `pending` (reason `changed`) until someone re-approves it: the
 * rug-pull defence. `changed` says so, for the one alert. Nothing else moves: pending stays pending (also
 * when the old version comes back: re-approving is a person's decision), blocked stays blocked, an
 * unreviewed tool (open) stays unreviewed.
 */
export function decideReportedToolStatus(opts: { state: ToolState; fingerprint: string }): ToolState & { changed: boolean } {
  const { state, fingerprint } = opts;
  if (state.status === "approved" && state.approvedFingerprint !== fingerprint) {
    return { status: "pending", statusReason: "changed", approvedFingerprint: state.approvedFingerprint, changed: true };
  }
  return { ...state, changed: false };
}

/**
 * A known tool when its server's trust policy becomes `trustPolicy` (its own, or the default for a server
 * without one): what the policy alone had decided is decided again; people's decisions stand.
 * - approved stays approved (moving to `review` revokes nothing), blocked stays blocked;
 * - a changed definition of an approved tool (pending with an approved fingerprint) stays pending under every
 *   policy: the rug-pull defence;
 * - a tool pending since it was first seen (never approved) is approved at its CURRENT version under
 *   `trust-on-first-use` and `open`: pinned, so a later change of it is caught as a rug pull;
 * - an unreviewed tool (no status, from `open`) is approved at its current version under
 *   `trust-on-first-use` (pinned from now on) and pending under `review` (gateways already hid it).
 * Returns null when nothing changes.
 */
export function decideTrustChangeStatus(opts: { state: ToolState; trustPolicy: TrustPolicy; fingerprint: string }): ToolState | null {
  const { state, trustPolicy, fingerprint } = opts;
  const approve: ToolState = { status: "approved", statusReason: "trust-policy", approvedFingerprint: fingerprint };
  if (state.status === null) {
    if (trustPolicy === "trust-on-first-use") return approve;
    if (trustPolicy === "review") return { status: "pending", statusReason: "new", approvedFingerprint: null };
    return null;
  }
  const pendingSinceFirstSeen = state.status === "pending" && state.approvedFingerprint === null && state.statusReason !== "changed";
  if (pendingSinceFirstSeen && trustPolicy !== "review") return approve;
  return null;
}
