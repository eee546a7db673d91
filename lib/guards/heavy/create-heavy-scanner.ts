import { fork } from "node:child_process";
import { setPriority } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { Severity, Where } from "../types";

// The guards' slow half (docs/guards.md "Two speeds"): heavy rule sets — agent-threat-rules (~800 rules,
// ~10–200 ms per text) and secretlint's preset — run in ONE worker thread, never on the caller's event
// loop, and only add flags and alerts after the fact; the fast detectors alone decide on a call's path.
// `scan` queues a text and resolves with its findings; when more than `maxQueued` texts wait, new ones are
// dropped (resolved as `{ dropped: true }`) rather than piling up memory: the heavy path is best effort.
// The worker starts on the first scan and does not keep the process alive (unref).

export interface HeavyFinding {
  flag: string;
  category: string;
  severity: Severity;
  rule: string;
  message: string;
  confidence?: number;
  start?: number;
  end?: number;
}

export interface HeavyScanResult {
  findings: HeavyFinding[];
  /** Milliseconds the worker spent on this text. */
  ms: number;
  /** The queue was full: not scanned. */
  dropped?: boolean;
}

export interface HeavyScanner {
  scan(o: { text: string; where: Where }): Promise<HeavyScanResult>;
  close(): Promise<void>;
}

export interface CreateHeavyScannerOptions {
  /** Texts waiting at most (default 1000). */
  maxQueued?: number;
  /** ATR's detection lane: "alert" (stable and test rules, default) or "hunt" (all). */
  lane?: "alert" | "hunt";
  /**
   * "thread" (default): a worker thread of this process. "process": a child process (node IPC) whose CPU
   * priority is lowered to `nice`, so on a busy machine the scans yield to the process's own work (the
   * gateway's calls); a thread's priority cannot be set apart from its process's.
   */
  isolation?: "thread" | "process";
  /** The child's nice value with isolation "process" (default 19, the lowest priority). */
  nice?: number;
}

/** The scanner's channel to its worker, whichever kind. */
interface Channel {
  post(m: unknown): void;
  ref(): void;
  unref(): void;
  terminate(): Promise<void>;
}

/** The worker's file: beside this one in the source tree (resolved from the working directory, so the same
 * path holds under tsx, Next's bundled server code and plain node). */
export const HEAVY_WORKER_PATH = path.join(process.cwd(), "lib/guards/heavy/heavy-scan-worker.mjs");

export function createHeavyScanner({ maxQueued = 1000, lane = "alert", isolation = "thread", nice = 19 }: CreateHeavyScannerOptions = {}): HeavyScanner {
  let worker: Channel | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (r: HeavyScanResult) => void; reject: (e: Error) => void }>();

  const failAll = (err: Error) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
    worker = null; // the next scan starts a new worker
  };
  const onMessage = (self: () => Channel) => (m: { id?: number; findings?: HeavyFinding[]; ms?: number; error?: string }) => {
    if (m.id === undefined) return; // { ready }
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.error !== undefined) p.reject(new Error(`heavy scan failed: ${m.error}`));
    else p.resolve({ findings: m.findings ?? [], ms: m.ms ?? 0 });
    if (!pending.size) self().unref();
  };
  const startThread = (): Channel => {
    const w = new Worker(HEAVY_WORKER_PATH, { workerData: { lane } });
    const ch: Channel = { post: (m) => w.postMessage(m), ref: () => w.ref(), unref: () => w.unref(), terminate: async () => void (await w.terminate()) };
    w.unref();
    w.on("message", onMessage(() => ch));
    w.on("error", (err) => failAll(err));
    w.on("exit", (code) => {
      if (worker === ch) failAll(new Error(`heavy scan worker exited (${code})`));
    });
    return ch;
  };
  const startProcess = (): Channel => {
    // Messages sent before the child listens would be lost: they wait for its { ready }.
    let ready = false;
    const early: unknown[] = [];
    const child = fork(HEAVY_WORKER_PATH, [], { env: { ...process.env, WARDEN_HEAVY_LANE: lane }, stdio: ["ignore", "ignore", "inherit", "ipc"], serialization: "advanced" });
    if (child.pid !== undefined) {
      try {
        setPriority(child.pid, nice);
      } catch {
        // Not permitted here: it still runs apart from the caller's event loop.
      }
    }
    const ch: Channel = {
      post: (m) => (ready ? child.send(m as never) : early.push(m)),
      ref: () => {
        child.ref();
        child.channel?.ref();
      },
      unref: () => {
        child.unref();
        child.channel?.unref();
      },
      terminate: async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      },
    };
    ch.unref();
    const handle = onMessage(() => ch);
    child.on("message", (m: { ready?: unknown; id?: number }) => {
      if (m.ready !== undefined && !ready) {
        ready = true;
        for (const e of early.splice(0)) child.send(e as never);
      }
      handle(m);
    });
    child.on("error", (err) => failAll(err));
    child.on("exit", (code, signal) => {
      if (worker === ch) failAll(new Error(`heavy scan process exited (${code ?? signal})`));
    });
    return ch;
  };

  return {
    scan({ text, where }) {
      if (pending.size >= maxQueued) return Promise.resolve({ findings: [], ms: 0, dropped: true });
      worker ??= isolation === "process" ? startProcess() : startThread();
      const id = nextId++;
      const w = worker;
      w.ref(); // work in flight keeps the process up until it answers
      return new Promise<HeavyScanResult>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.post({ id, where, text });
      });
    },
    async close() {
      const w = worker;
      worker = null;
      failAll(new Error("heavy scanner closed"));
      if (w) await w.terminate();
    },
  };
}
