import { describe, expect, it } from "vitest";
import type { HeavyFinding, HeavyScanResult } from "../../guards/heavy/create-heavy-scanner";
import { createHeavyOutputQueue } from "./create-heavy-output-queue";

// The queue between a returned tool output and the heavy rules (docs/guards.md "Two speeds"). Its scanner is
// a gated stand-in here: the test opens the gate, so what waits, what is dropped and what is deduplicated is
// decided by the queue alone (the real scanner is exercised by create-heavy-scanner.test.ts and the gateway
// test tests/gateway/guards-heavy-outputs.test.ts).
function gatedScanner(findingsFor: (text: string) => HeavyFinding[]) {
  const scanned: string[] = [];
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  return {
    scanned,
    open: () => open(),
    scanner: {
      async scan({ text }: { text: string }): Promise<HeavyScanResult> {
        await gate;
        scanned.push(text);
        return { findings: findingsFor(text), ms: 1 };
      },
      async close() {},
    },
  };
}

const finding: HeavyFinding = { flag: "prompt_injection", category: "prompt_injection", severity: "high", rule: "atr.ATR-X", message: "m" };
const job = (eventId: string, text: string) => ({ eventId, server: "s", tool: "t", text });

describe("createHeavyOutputQueue", () => {
  it("is bounded: past maxQueued waiting texts a new one is dropped and counted, never waited for", async () => {
    const g = gatedScanner(() => []);
    const q = createHeavyOutputQueue({ scanner: g.scanner, maxQueued: 2, onFindings: () => {} });
    expect(q.enqueue(job("e1", "one"))).toBe("queued");
    expect(q.enqueue(job("e2", "two"))).toBe("queued");
    expect(q.enqueue(job("e3", "three"))).toBe("dropped");
    expect(q.stats()).toMatchObject({ queued: 2, dropped: 1, waiting: 2, scanned: 0 });
    g.open();
    await q.idle();
    expect(g.scanned).toEqual(["one", "two"]);
    expect(q.stats()).toMatchObject({ scanned: 2, waiting: 0, dropped: 1 });
    // Room again once scanned.
    expect(q.enqueue(job("e4", "three"))).toBe("queued");
    await q.idle();
    expect(q.stats().scanned).toBe(3);
  });

  it("dedupes identical outputs by hash: scanned once, every call with that output gets the findings", async () => {
    const g = gatedScanner((t) => (t.includes("evil") ? [finding] : []));
    const got: string[] = [];
    const q = createHeavyOutputQueue({ scanner: g.scanner, onFindings: (t, f) => got.push(`${t.eventId}:${f[0]!.rule}`) });
    expect(q.enqueue(job("e1", "evil text"))).toBe("queued");
    expect(q.enqueue(job("e2", "evil text"))).toBe("deduped"); // joins the waiting one
    expect(q.enqueue(job("e3", "plain text"))).toBe("queued");
    g.open();
    await q.idle();
    expect(q.enqueue(job("e4", "evil text"))).toBe("deduped"); // already scanned: findings at once
    await Promise.resolve();
    expect(g.scanned).toEqual(["evil text", "plain text"]);
    expect(got).toEqual(["e1:atr.ATR-X", "e2:atr.ATR-X", "e4:atr.ATR-X"]);
    expect(q.stats()).toMatchObject({ queued: 2, deduped: 2, scanned: 2, flagged: 3 });
  });

  it("caps the size of a text: a long output is scanned on its first maxChars characters and counted as truncated", async () => {
    const g = gatedScanner(() => []);
    const q = createHeavyOutputQueue({ scanner: g.scanner, maxChars: 300, onFindings: () => {} });
    q.enqueue(job("e1", "x".repeat(1000)));
    g.open();
    await q.idle();
    expect(g.scanned[0]).toHaveLength(300);
    expect(q.stats().truncated).toBe(1);
  });
});
