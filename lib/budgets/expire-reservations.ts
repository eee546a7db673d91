import "server-only";
import { pool } from "../db";
import { RETURN_RESERVED_SQL } from "./free-reservations";

const EXPIRE_SQL = `
WITH due AS (
  SELECT id FROM reservations
  WHERE status = 'active' AND expires_at <= now()
  ORDER BY id
  LIMIT $1
  FOR NO KEY UPDATE SKIP LOCKED
),
freed AS (
  UPDATE reservations x SET status = 'expired', settled_at = now()
  FROM due WHERE x.id = due.id
  RETURNING x.id
),
${RETURN_RESERVED_SQL}
SELECT (SELECT async FROM sc) AS async, (SELECT count(*) FROM freed)::int AS expired`;

/**
 * Releases active reservations whose time is up (the gateway neither settled nor released them). Rows
 * another transaction is settling right now are skipped and left to it. Run by the sweep job every minute
 * and by an authorization about to be refused.
 */
export async function expireReservations(opts: { limit?: number } = {}): Promise<{ expired: number }> {
  const limit = opts.limit ?? 5000;
  const { rows } = await pool().query<{ expired: number }>({ name: "warden_spend_expire", text: EXPIRE_SQL, values: [limit] });
  return { expired: rows[0].expired };
}
