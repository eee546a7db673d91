import type { GatewayLog } from "../log";
import { postToWarden } from "./post-to-warden";
import type { HeavyOutputStats } from "../guards/create-heavy-output-queue";
import type { LateFlagStats } from "../guards/open-late-flag-queue";

export interface HeartbeatBody {
  gatewayVersion: string;
  policyEtag: string | null;
  policyAgeSeconds: number | null;
  spool: { depthEvents: number; depthBytes: number; capBytes: number };
  counters: { calls: number; spooled: number; sent: number; deadLettered: number; dropped: number };
  failOpen: { setting: string; detail: string }[];
  upstreams: { name: string; status: "up" | "down" | "restarting"; restarts: number }[];
  startedAt: string;
  intervalSeconds?: number;
  /** The heavy rules on tool outputs since start (docs/guards.md "Two speeds"), when on. */
  heavyOutputs?: HeavyOutputStats & { lateFlags: LateFlagStats };
}

/** POST /api/v1/heartbeat now and every `intervalMs` (default 30 s); failures are logged, never thrown. */
export function startHeartbeat(o: { baseUrl: string; apiKey: string; intervalMs?: number; body: () => HeartbeatBody; log: GatewayLog }): {
  sendNow(): Promise<boolean>;
  stop(): void;
} {
  const intervalMs = o.intervalMs ?? 30_000;
  const sendNow = async () => {
    try {
      await postToWarden({ ...o, method: "POST", path: "/heartbeat", body: { ...o.body(), intervalSeconds: Math.round(intervalMs / 1000) } });
      return true;
    } catch (e) {
      o.log.warn({ err: (e as Error).message }, "heartbeat not delivered");
      return false;
    }
  };
  void sendNow();
  const timer = setInterval(() => void sendNow(), intervalMs);
  timer.unref();
  return { sendNow, stop: () => clearInterval(timer) };
}
