import { hash } from "node:crypto";
import type { HeavyFinding, HeavyScanner } from "../../guards/heavy/create-heavy-scanner";

// The gateway's heavy path for tool outputs (issue 17 "Two speeds"; docs/guards.md): after a tools/call's
// (already fast-redacted) output was returned to the client, its text waits here for the heavy rule sets
// (agent-threat-rules + secretlint in a low-priority child process, lib/guards/heavy) — never on the call's
// path. What they find only adds late flags and an alert (onFindings → the late-flag sender).
//
// - Bounded: at most `maxQueued` texts wait; a text past that is dropped and counted (the heavy path is best
//   effort; the fast detectors already decided the call).
// - Deduplicated: identical texts (SHA-256 of what is scanned) are scanned once. A repeat of a text already
//   scanned gets its findings at once; a repeat of one still waiting joins it. The last `dedupeEntries`
//   hashes are remembered.
// - Size cap: a text longer than `maxChars` is scanned on its first `maxChars` characters (counted as truncated):
//   the heavy rules cost ~175 ms per 3 KB on this machine's class.
// - One scan at a time: the worker is one process; the queue is ours, so its bound and order hold.

export interface HeavyOutputJob {
  eventId: string;
  server: string;
  tool: string;
  text: string;
}

export interface HeavyOutputStats {
  /** Texts accepted for scanning (deduplicated repeats not included). */
  queued: number;
  /** Texts the heavy rules have scanned. */
  scanned: number;
  /** Texts dropped because the queue was full. */
  dropped: number;
  /** Outputs that repeated a text scanned or waiting (not scanned again). */
  deduped: number;
  /** Texts cut to maxChars before scanning. */
  truncated: number;
  /** Outputs (calls) with heavy findings. */
  flagged: number;
  /** Scans that failed (the worker crashed or could not load). */
  failed: number;
  /** Texts waiting now (including the one being scanned). */
  waiting: number;
}

export interface HeavyOutputQueue {
  /** Never throws, never waits: "queued", "deduped" (same text scanned or waiting) or "dropped" (full). */
  enqueue(job: HeavyOutputJob): "queued" | "deduped" | "dropped";
  stats(): HeavyOutputStats;
  /** Resolves when nothing waits. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

type Target = Omit<HeavyOutputJob, "text">;

interface Entry {
  hash: string;
  text: string;
  /** The calls waiting for this text's findings (the first and its repeats). */
  targets: Target[];
  findings?: HeavyFinding[];
}

export interface CreateHeavyOutputQueueOptions {
  scanner: Pick<HeavyScanner, "scan" | "close">;
  /** The findings of one call's output (called once per call with findings). */
  onFindings(target: Target, findings: HeavyFinding[]): void;
  /** Texts waiting at most (default 200). */
  maxQueued?: number;
  /** Characters scanned per text at most (default 16 384). */
  maxChars?: number;
  /** Hashes remembered for deduplication (default 1000). */
  dedupeEntries?: number;
  /** Repeats that may wait on one text (default 100; more are counted as dropped). */
  maxTargetsPerText?: number;
  log?: { warn(obj: object, msg?: string): void };
}

export function createHeavyOutputQueue(o: CreateHeavyOutputQueueOptions): HeavyOutputQueue {
  const maxQueued = o.maxQueued ?? 200;
  const maxChars = o.maxChars ?? 16_384;
  const dedupeEntries = o.dedupeEntries ?? 1000;
  const maxTargets = o.maxTargetsPerText ?? 100;
  const counts = { queued: 0, scanned: 0, dropped: 0, deduped: 0, truncated: 0, flagged: 0, failed: 0 };
  const waiting: Entry[] = [];
  /** Recent texts by hash, oldest first (a Map keeps insertion order): waiting or scanned. */
  const seen = new Map<string, Entry>();
  let running = false;
  let closed = false;
  let idleWaiters: (() => void)[] = [];

  const report = (target: Target, findings: HeavyFinding[]) => {
    if (!findings.length) return;
    counts.flagged++;
    try {
      o.onFindings(target, findings);
    } catch (err) {
      o.log?.warn({ eventId: target.eventId, err: (err as Error).message }, "heavy output findings not recorded");
    }
  };

  const remember = (entry: Entry) => {
    seen.delete(entry.hash);
    seen.set(entry.hash, entry);
    while (seen.size > dedupeEntries) {
      const oldest = seen.keys().next().value as string;
      if (seen.get(oldest)?.findings === undefined) break; // still waiting: kept until scanned
      seen.delete(oldest);
    }
  };

  async function run(): Promise<void> {
    if (running) return;
    running = true;
    try {
      while (waiting.length && !closed) {
        const entry = waiting[0]!;
        try {
          const { findings, dropped } = await o.scanner.scan({ text: entry.text, where: "tool_output" });
          if (dropped) throw new Error("the scanner's own queue was full");
          counts.scanned++;
          entry.findings = findings;
          entry.text = ""; // only the hash is kept
          for (const t of entry.targets) report(t, findings);
          entry.targets = [];
        } catch (err) {
          counts.failed++;
          seen.delete(entry.hash); // may be tried again when it comes back
          if (!closed) o.log?.warn({ err: (err as Error).message }, "heavy output scan failed");
        }
        waiting.shift();
      }
    } finally {
      running = false;
      if (!waiting.length) for (const w of idleWaiters.splice(0)) w();
    }
  }

  return {
    enqueue(job) {
      if (closed) return "dropped";
      const text = job.text.length > maxChars ? job.text.slice(0, maxChars) : job.text;
      const digest = hash("sha256", text, "base64"); // one-shot: half the cost of a createHash object
      const target: Target = { eventId: job.eventId, server: job.server, tool: job.tool };
      const known = seen.get(digest);
      if (known) {
        if (known.findings) {
          counts.deduped++;
          const findings = known.findings;
          queueMicrotask(() => report(target, findings));
          return "deduped";
        }
        if (known.targets.length >= maxTargets) {
          counts.dropped++;
          return "dropped";
        }
        counts.deduped++;
        known.targets.push(target);
        return "deduped";
      }
      if (waiting.length >= maxQueued) {
        counts.dropped++;
        return "dropped";
      }
      if (text.length < job.text.length) counts.truncated++;
      const entry: Entry = { hash: digest, text, targets: [target] };
      waiting.push(entry);
      remember(entry);
      counts.queued++;
      void run();
      return "queued";
    },
    stats: () => ({ ...counts, waiting: waiting.length }),
    idle: () => (waiting.length ? new Promise<void>((r) => idleWaiters.push(r)) : Promise.resolve()),
    async close() {
      closed = true;
      waiting.length = 0;
      for (const w of idleWaiters.splice(0)) w();
      idleWaiters = [];
      await o.scanner.close();
    },
  };
}
