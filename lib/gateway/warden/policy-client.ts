import { mkdir, open, readFile, rename } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { WardenGatewayApi } from "./create-warden-gateway-api";
import { GatewayPolicySchema, type GatewayPolicy } from "./gateway-policy";

// The policy the gateway enforces: fetched from GET /api/v1/policy with If-None-Match every few seconds,
// and kept on disk (atomic: temp file, fsync, rename, fsync of the directory) so a gateway restarted while
// Warden is away still enforces the last policy it saw. No policy at all (never fetched, no disk copy) means
// the chain refuses every call (fail closed).

const DiskCopy = z.object({ version: z.literal(1), etag: z.string().nullable(), fetchedAt: z.iso.datetime({ offset: true }), policy: GatewayPolicySchema });

const DATE_REFRESH_MS = 60_000;

export interface PolicySnapshot {
  policy: GatewayPolicy;
  etag: string | null;
  /** When Warden last confirmed this policy (a 200 or a 304). */
  fetchedAt: Date;
  source: "warden" | "disk";
}

export interface PolicyClient {
  current(): PolicySnapshot | null;
  /** Seconds since Warden last confirmed the policy; null when there is none. */
  ageSeconds(now?: Date): number | null;
  /** One fetch now (If-None-Match); never throws: a failure keeps the last good copy and is logged. */
  refresh(): Promise<void>;
  /** Loads the disk copy, fetches once, then refreshes every `refreshMs`. */
  start(): Promise<void>;
  close(): void;
}

interface Log {
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
}

export function createPolicyClient(o: { api: Pick<WardenGatewayApi, "getPolicy">; cacheFile: string; refreshMs?: number; log?: Log }): PolicyClient {
  const refreshMs = o.refreshMs ?? 5_000;
  let snapshot: PolicySnapshot | null = null;
  let timer: NodeJS.Timeout | null = null;
  let inflight: Promise<void> | null = null;
  let closed = false;
  let failing = false;
  let savedAt = 0;

  async function loadDisk() {
    let text: string;
    try {
      text = await readFile(o.cacheFile, "utf8");
    } catch {
      return;
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
    const parsed = DiskCopy.safeParse(data);
    if (!parsed.success) {
      o.log?.warn({ file: o.cacheFile }, "policy cache unreadable; ignored");
      return;
    }
    if (!snapshot) snapshot = { policy: parsed.data.policy, etag: parsed.data.etag, fetchedAt: new Date(parsed.data.fetchedAt), source: "disk" };
  }

  async function saveDisk(s: PolicySnapshot) {
    const dir = path.dirname(o.cacheFile);
    await mkdir(dir, { recursive: true });
    const tmp = `${o.cacheFile}.${process.pid}.tmp`;
    const fh = await open(tmp, "w", 0o600);
    try {
      await fh.writeFile(JSON.stringify({ version: 1, etag: s.etag, fetchedAt: s.fetchedAt.toISOString(), policy: s.policy }));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, o.cacheFile);
    const d = await open(dir, "r");
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  }

  async function fetchOnce() {
    try {
      const got = await o.api.getPolicy({ etag: snapshot?.etag ?? null });
      const now = new Date();
      let changed = false;
      if (got === null) {
        if (snapshot) snapshot = { ...snapshot, fetchedAt: now, source: "warden" };
      } else {
        const policy: GatewayPolicy = GatewayPolicySchema.parse(got.policy);
        snapshot = { policy, etag: got.etag, fetchedAt: now, source: "warden" };
        changed = true;
      }
      // A new policy is saved at once; an unchanged one (304) refreshes the copy's date once a minute (its age
      // after a restart is then over-, never under-stated).
      if (snapshot && (changed || now.getTime() - savedAt >= DATE_REFRESH_MS)) {
        await saveDisk(snapshot);
        savedAt = now.getTime();
      }
      if (failing) o.log?.info({}, "policy refreshed from Warden again");
      failing = false;
    } catch (err) {
      if (!failing) o.log?.warn({ err: (err as Error).message, ageSeconds: api.ageSeconds() }, "policy refresh failed; keeping the last good copy");
      failing = true;
    }
  }

  const api: PolicyClient = {
    current: () => snapshot,
    ageSeconds(now = new Date()) {
      return snapshot ? Math.max(0, (now.getTime() - snapshot.fetchedAt.getTime()) / 1000) : null;
    },
    refresh() {
      inflight ??= fetchOnce().finally(() => {
        inflight = null;
      });
      return inflight;
    },
    async start() {
      await loadDisk();
      await api.refresh();
      if (closed) return;
      const tick = () => {
        timer = setTimeout(() => {
          void api.refresh().finally(() => {
            if (!closed) tick();
          });
        }, refreshMs);
        timer.unref();
      };
      tick();
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
    },
  };
  return api;
}
