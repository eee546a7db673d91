import { describe, expect, it } from "vitest";
import { describeHeavyOutputs } from "./describe-heavy-outputs";

const counters = { queued: 40, scanned: 38, dropped: 0, deduped: 0, truncated: 1, flagged: 2, failed: 0, waiting: 0, lateFlags: { pending: 1, delivered: 1, dropped: 0 } };

describe("describeHeavyOutputs (the Gateways page's heavy output scan)", () => {
  it("shows scanned, flagged, dropped unscanned and late flags pending, with no note when nothing was lost", () => {
    expect(describeHeavyOutputs({ status: "reported", ...counters })).toEqual({ summary: "38 scanned · 2 flagged · 0 dropped unscanned · late flags 1 pending", notes: [] });
  });

  it("explains lost coverage in plain words: a full queue, failed scans, late flags given up", () => {
    const d = describeHeavyOutputs({ status: "reported", ...counters, dropped: 12, failed: 1, deduped: 5, waiting: 3, lateFlags: { pending: 0, delivered: 1, dropped: 2 } });
    expect(d.summary).toBe("38 scanned · 5 repeats of scanned text · 2 flagged · 12 dropped unscanned · 3 waiting · late flags 0 pending");
    expect(d.notes).toEqual([
      "12 outputs not scanned: the heavy queue was full.",
      "1 scan failed: the scanner crashed or could not load its rules.",
      "2 late flags given up: Warden never stored the event, or refused the flag.",
    ]);
  });

  it("says 'off' for a gateway running without the scan and 'not reported' for one whose heartbeat has no counters, never zeros", () => {
    expect(describeHeavyOutputs({ status: "off", setting: "guards.heavyOutputs", detail: "off" })).toEqual({ summary: "off (guards.heavyOutputs)", notes: [] });
    expect(describeHeavyOutputs({ status: "not_reported" })).toEqual({ summary: "not reported", notes: [] });
  });
});
