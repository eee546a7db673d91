import "server-only";
import { pool } from "../db";
import { ApiError } from "../http/errors";
import { RETURN_RESERVED_SQL } from "./free-reservations";
import type { ReleaseSpendResponse } from "./schema";

const RELEASE_SQL = `
WITH target AS (
  SELECT id FROM reservations
  WHERE id = $1::uuid AND gateway_id = $2::uuid AND status = 'active'
  FOR NO KEY UPDATE
),
freed AS (
  UPDATE reservations x SET status = 'released', settled_at = now()
  FROM target WHERE x.id = target.id
  RETURNING x.id
),
${RETURN_RESERVED_SQL}
SELECT (SELECT async FROM sc) AS async, (SELECT count(*) FROM freed)::int AS released,
       (SELECT status::text FROM reservations WHERE id = $1::uuid AND gateway_id = $2::uuid) AS status`;

/**
 * Frees a reservation for a call that did not happen. Only the gateway that made it may release it
 * (another gateway's reservation is a 404, like one that does not exist). Idempotent: releasing a
 * reservation that is no longer active changes nothing and answers its status.
 */
export async function releaseSpend(opts: { gatewayId: string; reservationId: string }): Promise<ReleaseSpendResponse> {
  const { rows } = await pool().query<{ released: number; status: ReleaseSpendResponse["status"] | null }>({
    name: "warden_spend_release",
    text: RELEASE_SQL,
    values: [opts.reservationId, opts.gatewayId],
  });
  const { released } = rows[0];
  let { status } = rows[0];
  if (!released && status === "active") {
    // Settled or expired by another transaction between this statement's snapshot and its lock.
    const again = await pool().query<{ status: ReleaseSpendResponse["status"] }>(
      "SELECT status::text AS status FROM reservations WHERE id = $1::uuid AND gateway_id = $2::uuid",
      [opts.reservationId, opts.gatewayId],
    );
    status = again.rows[0]?.status ?? null;
  }
  if (status === null) throw new ApiError("not_found", `No reservation ${opts.reservationId} for this gateway.`);
  return { reservationId: opts.reservationId, released: released > 0, status: released > 0 ? "released" : status };
}
