import { describe, expect, it } from "vitest";
import { decideNewToolStatus, decideReportedToolStatus, decideTrustChangeStatus } from "./decide-tool-status";
import { escapeGlob } from "./escape-glob";
import { globMatch } from "../approvals/glob-match";

const A = `sha256:${"a".repeat(64)}`;
const B = `sha256:${"b".repeat(64)}`;

describe("tool status under the trust policies", () => {
  it("a new tool is pending under review, approved at its first fingerprint under trust-on-first-use, unreviewed under open", () => {
    expect(decideNewToolStatus({ trustPolicy: "review", fingerprint: A })).toEqual({ status: "pending", statusReason: "new", approvedFingerprint: null });
    expect(decideNewToolStatus({ trustPolicy: "trust-on-first-use", fingerprint: A })).toEqual({ status: "approved", statusReason: "first-use", approvedFingerprint: A });
    expect(decideNewToolStatus({ trustPolicy: "open", fingerprint: A })).toEqual({ status: null, statusReason: null, approvedFingerprint: null });
  });

  it("an approved tool reported at another fingerprint becomes pending (changed), keeping the approved fingerprint; nothing else moves", () => {
    const approved = { status: "approved" as const, statusReason: "approved", approvedFingerprint: A };
    expect(decideReportedToolStatus({ state: approved, fingerprint: B })).toEqual({ status: "pending", statusReason: "changed", approvedFingerprint: A, changed: true });
    expect(decideReportedToolStatus({ state: approved, fingerprint: A })).toEqual({ ...approved, changed: false });
    const changed = { status: "pending" as const, statusReason: "changed", approvedFingerprint: A };
    expect(decideReportedToolStatus({ state: changed, fingerprint: A })).toEqual({ ...changed, changed: false });
    const blocked = { status: "blocked" as const, statusReason: "blocked", approvedFingerprint: A };
    expect(decideReportedToolStatus({ state: blocked, fingerprint: B })).toEqual({ ...blocked, changed: false });
    const open = { status: null, statusReason: null, approvedFingerprint: null };
    expect(decideReportedToolStatus({ state: open, fingerprint: B })).toEqual({ ...open, changed: false });
  });

  it("escapeGlob makes a name match only itself", () => {
    for (const name of ["a*b", "x?{y,z}", "back\\slash", "plain_tool"]) {
      expect(globMatch(escapeGlob(name), name)).toBe(true);
    }
    expect(globMatch(escapeGlob("a*b"), "axxb")).toBe(false);
    expect(globMatch(escapeGlob("{y,z}"), "y")).toBe(false);
  });
});

describe("re-deciding known tools when a trust policy changes", () => {
  const pendingNew = { status: "pending" as const, statusReason: "new", approvedFingerprint: null };
  const unreviewed = { status: null, statusReason: null, approvedFingerprint: null };
  const approve = { status: "approved", statusReason: "trust-policy", approvedFingerprint: B };

  it("a tool pending since first seen is approved at its current version under trust-on-first-use and open, unchanged under review", () => {
    expect(decideTrustChangeStatus({ state: pendingNew, trustPolicy: "trust-on-first-use", fingerprint: B })).toEqual(approve);
    expect(decideTrustChangeStatus({ state: pendingNew, trustPolicy: "open", fingerprint: B })).toEqual(approve);
    expect(decideTrustChangeStatus({ state: pendingNew, trustPolicy: "review", fingerprint: B })).toBeNull();
  });

  it("an unreviewed tool is pinned under trust-on-first-use, pending under review, unchanged under open", () => {
    expect(decideTrustChangeStatus({ state: unreviewed, trustPolicy: "trust-on-first-use", fingerprint: B })).toEqual(approve);
    expect(decideTrustChangeStatus({ state: unreviewed, trustPolicy: "review", fingerprint: B })).toEqual(pendingNew);
    expect(decideTrustChangeStatus({ state: unreviewed, trustPolicy: "open", fingerprint: B })).toBeNull();
  });

  it("people's decisions stand under every policy: approved, blocked, and a changed definition of an approved tool (the rug pull)", () => {
    const approved = { status: "approved" as const, statusReason: "approved", approvedFingerprint: A };
    const blocked = { status: "blocked" as const, statusReason: "blocked", approvedFingerprint: null };
    const changed = { status: "pending" as const, statusReason: "changed", approvedFingerprint: A };
    for (const trustPolicy of ["review", "trust-on-first-use", "open"] as const) {
      for (const state of [approved, blocked, changed]) expect(decideTrustChangeStatus({ state, trustPolicy, fingerprint: B })).toBeNull();
    }
  });
});
