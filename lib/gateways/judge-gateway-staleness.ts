import { STALE_AFTER_INTERVALS } from "./schema";

// Is a gateway "stale"? Judged against the gateway itself, not one fixed threshold for all (a fixed 5 min
// marked every gateway stale during quiet night traffic):
//   1. heartbeat — a gateway that sends heartbeats is stale when none came for STALE_AFTER_INTERVALS of its
//      own intervals (the rule the gateway_stale alert uses), whatever its traffic;
//   2. rhythm — otherwise, from its traffic of the last days: silence is allowed up to RHYTHM_MARGIN × the
//      99th percentile of its gaps between active minutes (so a gateway that is usually quiet for 40 min at
//      night is not stale after 10), never less than the fallback threshold;
//   3. fallback — too little history (fewer than MIN_GAPS gaps): the fixed threshold.
// Pure (unit-tested in judge-gateway-staleness.test.ts).

export const MIN_GAPS = 20;
export const RHYTHM_MARGIN = 1.5;

export interface GatewayRhythm {
  /** Number of gaps between consecutive active minutes in the lookback window. */
  gaps: number;
  /** 99th percentile of those gaps, in seconds. */
  p99GapSeconds: number | null;
}

export interface Staleness {
  stale: boolean;
  basis: "heartbeat" | "rhythm" | "fallback" | "never_seen";
  /** How long the gateway may be silent before it is stale (null when never seen). */
  allowedSilenceSeconds: number | null;
}

export function judgeGatewayStaleness(opts: {
  now: Date;
  lastSeenAt: Date | null;
  heartbeat: { receivedAt: Date; intervalSeconds: number } | null;
  rhythm: GatewayRhythm | null;
  fallbackSeconds: number;
}): Staleness {
  const { now, heartbeat, rhythm, fallbackSeconds } = opts;
  if (heartbeat) {
    const allowed = STALE_AFTER_INTERVALS * heartbeat.intervalSeconds;
    return { stale: now.getTime() - heartbeat.receivedAt.getTime() > allowed * 1000, basis: "heartbeat", allowedSilenceSeconds: allowed };
  }
  if (!opts.lastSeenAt) return { stale: true, basis: "never_seen", allowedSilenceSeconds: null };
  const silent = now.getTime() - opts.lastSeenAt.getTime();
  if (rhythm && rhythm.gaps >= MIN_GAPS && rhythm.p99GapSeconds !== null) {
    const allowed = Math.max(fallbackSeconds, Math.ceil(rhythm.p99GapSeconds * RHYTHM_MARGIN));
    return { stale: silent > allowed * 1000, basis: "rhythm", allowedSilenceSeconds: allowed };
  }
  return { stale: silent > fallbackSeconds * 1000, basis: "fallback", allowedSilenceSeconds: fallbackSeconds };
}
