import "server-only";

// Giving reserved money back: the reservations are locked first (in id order), marked, and their lines'
// amounts subtracted from the period rows, which are locked in id order too — the lock order of every
// writer (reservations before period rows, each sorted by id), so release, expiry, settlement and
// authorization never deadlock. `freed` is the CTE of the reservations just marked.
//
// These statements commit asynchronously (`sc`, referenced by the callers' final SELECT) so the period
// rows' locks are not held through a WAL flush: a release or expiry lost in a database crash only leaves
// a reservation active a little longer (it expires again), which never lets anyone overspend.
export const RETURN_RESERVED_SQL = `
sc AS (SELECT set_config('synchronous_commit', 'off', true) AS async),
d AS (
  SELECT rl.budget_period_id AS id, sum(rl.amount_usd) AS amount
  FROM reservation_lines rl JOIN freed f ON f.id = rl.reservation_id
  GROUP BY 1
),
locked AS (
  SELECT bp.id, d.amount FROM budget_periods bp JOIN d ON d.id = bp.id ORDER BY bp.id FOR NO KEY UPDATE OF bp
),
upd AS (
  UPDATE budget_periods bp SET reserved_usd = bp.reserved_usd - l.amount
  FROM locked l
  WHERE bp.id = l.id
  RETURNING bp.id
)`;
