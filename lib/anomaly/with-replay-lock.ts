import "server-only";
import { pool } from "../db";

// A replay over history (backfillAnomalies) and the live detector runs exclude each other for the
// replay's whole duration, across instances. runDetectors' own lock only serialises single runs: a live
// run slipped between two replayed ones would judge the wall clock against the replay's half-built state
// (resolving its open alerts "now", moving lastRunAt years ahead) and route its alerts before the replay
// marks them notified. A replay holds this advisory lock exclusively (waiting for a live run in progress
// to finish); a live run holds it shared and skips while a replay holds it.

const REPLAY_LOCK_KEY = 727274008;

export async function withReplayLock<T>(opts: { mode: "replay" | "live"; run: () => Promise<T> }): Promise<{ ran: true; value: T } | { ran: false }> {
  const client = await pool().connect();
  let held = false;
  try {
    if (opts.mode === "replay") {
      await client.query("SELECT pg_advisory_lock($1)", [REPLAY_LOCK_KEY]);
    } else {
      const { rows } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock_shared($1) AS ok", [REPLAY_LOCK_KEY]);
      if (!rows[0]?.ok) return { ran: false };
    }
    held = true;
    return { ran: true, value: await opts.run() };
  } finally {
    const unlock = opts.mode === "replay" ? "SELECT pg_advisory_unlock($1)" : "SELECT pg_advisory_unlock_shared($1)";
    const unlocked = !held || (await client.query(unlock, [REPLAY_LOCK_KEY]).then(() => true, () => false));
    // A session that could not unlock is closed rather than returned to the pool still holding the lock.
    client.release(!unlocked);
  }
}
