import { describe, expect, it } from "vitest";
import { rateApprovalRisk } from "./rate-approval-risk";
import { parseQueueSort, sortApprovalQueue } from "./sort-approval-queue";

const now = Date.parse("2026-12-06T10:00:00Z");
const at = (secondsFromNow: number) => new Date(now + secondsFromNow * 1000).toISOString();
const item = (id: string, leftSeconds: number, score: number, ageSeconds = 0) => ({ id, expiresAt: at(leftSeconds), createdAt: at(-ageSeconds), risk: { score } });

describe("sortApprovalQueue", () => {
  it("urgency: least time left first (0:38 before two with 5:38), then the highest risk within the same minute", () => {
    const items = [item("calm-5m38", 338, 0, 30), item("risky-5m38", 338, 70, 20), item("soon-0m38", 38, 0, 10), item("risky-5m20", 320, 10, 5)];
    expect(sortApprovalQueue({ items, sort: "urgency", now }).map((i) => i.id)).toEqual(["soon-0m38", "risky-5m38", "risky-5m20", "calm-5m38"]);
  });

  it("risk: highest risk first, then least time left; oldest: arrival order; the input is not changed", () => {
    const items = [item("a", 600, 10, 3), item("b", 60, 10, 2), item("c", 900, 90, 1)];
    expect(sortApprovalQueue({ items, sort: "risk", now }).map((i) => i.id)).toEqual(["c", "b", "a"]);
    expect(sortApprovalQueue({ items, sort: "oldest", now }).map((i) => i.id)).toEqual(["a", "b", "c"]);
    expect(items.map((i) => i.id)).toEqual(["a", "b", "c"]);
  });

  it("parseQueueSort defaults to urgency for a missing or unknown value", () => {
    expect(parseQueueSort(null)).toBe("urgency");
    expect(parseQueueSort("bogus")).toBe("urgency");
    expect(parseQueueSort("risk")).toBe("risk");
  });
});

describe("rateApprovalRisk", () => {
  it("scores the flags with their reasons, and lists the gateway's score, taking it when higher", () => {
    expect(rateApprovalRisk({ riskScore: null, riskFlags: [] })).toEqual({ score: 0, reasons: [] });
    const flagged = rateApprovalRisk({ riskScore: 10, riskFlags: ["prompt_injection"] });
    expect(flagged.score).toBe(70);
    expect(flagged.reasons).toEqual([expect.stringMatching(/^prompt_injection \(\+70\)/), "scored 10 by the gateway"]);
    expect(rateApprovalRisk({ riskScore: 85, riskFlags: ["pii_redacted"] })).toEqual({ score: 85, reasons: ["scored 85 by the gateway", expect.stringMatching(/^pii_redacted/)] });
  });
});
