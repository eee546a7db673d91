import "server-only";
import pg from "pg";
import type { Prisma } from "../generated/prisma/client";
import { log } from "../log";

// Wakes long-polls when an approval changes, on every instance: the changing transaction runs
// pg_notify (delivered at commit), and each process holds ONE dedicated LISTEN connection that fans the
// notification out to its in-memory waiters. No waiter holds a database connection.

export const APPROVALS_CHANNEL = "warden_approvals";

/** Call inside the transaction that changes an approval's status: the notification leaves at commit. */
export async function notifyApprovalChange(tx: Prisma.TransactionClient, id: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${APPROVALS_CHANNEL}, ${id})`;
}

interface ListenerState {
  client?: pg.Client;
  connecting?: Promise<boolean>;
  waiters: Map<string, Set<() => void>>;
  retryAt: number;
}

const g = globalThis as unknown as { __wardenApprovalListener?: ListenerState };
function state(): ListenerState {
  g.__wardenApprovalListener ??= { waiters: new Map(), retryAt: 0 };
  return g.__wardenApprovalListener;
}

function wakeAll(s: ListenerState): void {
  for (const set of s.waiters.values()) for (const wake of set) wake();
}

/** Connects the LISTEN connection if needed; false when the database cannot be reached right now. */
async function ensureListening(): Promise<boolean> {
  const s = state();
  if (s.client) return true;
  if (s.connecting) return s.connecting;
  if (Date.now() < s.retryAt) return false;
  s.connecting = (async () => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL, application_name: "warden-approvals-listen" });
    const drop = (why: string) => {
      if (s.client !== client) return;
      s.client = undefined;
      log.warn({ why }, "approval LISTEN connection lost; waiters fall back to polling until it is back");
      wakeAll(s); // they re-read, then wait again on a new connection
      void client.end().catch(() => undefined);
    };
    try {
      client.on("notification", (msg) => {
        if (msg.channel !== APPROVALS_CHANNEL || !msg.payload) return;
        for (const wake of s.waiters.get(msg.payload) ?? []) wake();
      });
      client.on("error", (err) => drop(String(err)));
      client.on("end", () => drop("connection ended"));
      await client.connect();
      await client.query("LISTEN warden_approvals");
      s.client = client;
      wakeAll(s); // anyone who polled while we were away re-reads once, now that nothing can be missed
      return true;
    } catch (err) {
      log.warn({ err: String(err) }, "approval LISTEN connection failed");
      s.retryAt = Date.now() + 1000;
      void client.end().catch(() => undefined);
      return false;
    } finally {
      s.connecting = undefined;
    }
  })();
  return s.connecting;
}

export interface ApprovalSubscription {
  /**
   * Resolves when the approval changed since the previous call (at once if it already did), or after
   * `ms`, or when `signal` aborts. While the LISTEN connection is down it also resolves within a second,
   * so callers poll.
   */
  next(ms: number, signal?: AbortSignal): Promise<void>;
  close(): void;
}

/** Subscribe BEFORE reading the approval, so a change committed in between is not missed. */
export async function subscribeApprovalChanges(id: string): Promise<ApprovalSubscription> {
  const s = state();
  let signalled = false;
  let resolveWait: (() => void) | null = null;
  const wake = () => {
    signalled = true;
    resolveWait?.();
  };
  const set = s.waiters.get(id) ?? new Set();
  set.add(wake);
  s.waiters.set(id, set);
  await ensureListening();
  return {
    next(ms, signal) {
      if (signalled || signal?.aborted) {
        signalled = false;
        return Promise.resolve();
      }
      if (!s.client) void ensureListening();
      const cap = s.client ? ms : Math.min(ms, 1000);
      return new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.max(0, cap));
        signal?.addEventListener("abort", done, { once: true });
        function done() {
          clearTimeout(timer);
          signal?.removeEventListener("abort", done);
          resolveWait = null;
          signalled = false;
          resolve();
        }
        resolveWait = done;
      });
    },
    close() {
      set.delete(wake);
      if (set.size === 0 && s.waiters.get(id) === set) s.waiters.delete(id);
    },
  };
}
