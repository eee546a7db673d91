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
   * Starts the worker some other way (default: a worker thread of this process). The gateway passes
   * forkHeavyWorker (lib/gateway/guards/fork-heavy-worker.ts): a child process at a low CPU priority. It lives
   * outside this file so Next's bundler, which traces child-process paths, never sees it in Warden's build.
   */
  startWorker?: StartHeavyWorker;
}

/** The scanner's channel to its worker, whichever kind. */
export interface HeavyWorkerChannel {
  post(m: unknown): void;
  ref(): void;
  unref(): void;
  terminate(): Promise<void>;
}

export type StartHeavyWorker = (o: {
  file: string;
  lane: "alert" | "hunt";
  onMessage(m: { id?: number; findings?: HeavyFinding[]; ms?: number; error?: string; ready?: unknown }): void;
  onError(err: Error): void;
  onExit(code: number | string | null): void;
}) => HeavyWorkerChannel;

/** The worker's file: beside this one in the source tree (resolved from the working directory, so the same
 * path holds under tsx, Next's bundled server code and plain node). */
export const HEAVY_WORKER_PATH = path.join(process.cwd(), "lib/guards/heavy/heavy-scan-worker.mjs");

export function createHeavyScanner({ maxQueued = 1000, lane = "alert", startWorker = startThread }: CreateHeavyScannerOptions = {}): HeavyScanner {
  let worker: HeavyWorkerChannel | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (r: HeavyScanResult) => void; reject: (e: Error) => void }>();

  const failAll = (err: Error) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
    worker = null; // the next scan starts a new worker
  };
  const start = () => {
    const ch: HeavyWorkerChannel = startWorker({
      file: HEAVY_WORKER_PATH,
      lane,
      onMessage(m) {
        if (m.id === undefined) return; // { ready }
        const p = pending.get(m.id);
        if (!p) return;
        pending.delete(m.id);
        if (m.error !== undefined) p.reject(new Error(`heavy scan failed: ${m.error}`));
        else p.resolve({ findings: m.findings ?? [], ms: m.ms ?? 0 });
        if (!pending.size) ch.unref();
      },
      onError: (err) => failAll(err),
      onExit(code) {
        if (worker === ch) failAll(new Error(`heavy scan worker exited (${code})`));
      },
    });
    ch.unref();
    return ch;
  };

  return {
    scan({ text, where }) {
      if (pending.size >= maxQueued) return Promise.resolve({ findings: [], ms: 0, dropped: true });
      worker ??= start();
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

/** The default: a worker thread of this process (does not keep it alive while idle). */
const startThread: StartHeavyWorker = ({ file, lane, onMessage, onError, onExit }) => {
  const w = new Worker(file, { workerData: { lane } });
  w.on("message", onMessage);
  w.on("error", onError);
  w.on("exit", onExit);
  return { post: (m) => w.postMessage(m), ref: () => w.ref(), unref: () => w.unref(), terminate: async () => void (await w.terminate()) };
};
