import { describe, expect, it } from "vitest";
import { decideNewToolStatus, decideReportedToolStatus } from "./decide-tool-status";
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
