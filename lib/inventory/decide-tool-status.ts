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
