-- Group authorization (lib/budgets/authorize-spend.ts): one call decides a group of authorizations in
-- arrival order, exactly as if they had run one after the other, in one statement.
--
-- Input: the requests as parallel arrays (request i = element i), and the (request, budget, period start)
-- pairs saying which budgets each request falls under (computed by the caller with appliesSql, the one
-- definition shared with settlement). Every budget has one period start in a group (the caller computes
-- the periods once per group).
--
--  1. Locks the period rows of every pair, once, in id order (the lock order of every writer of period
--     rows: authorization, release, expiry, settlement), reads their latest committed values, and the
--     limits and modes from `budgets` (read now: an edited limit applies to the very next group).
--  2. Decides the requests one by one in order: a request fits when every hard budget it falls under has
--     spent + reserved + estimate <= limit, where reserved already includes the earlier allowed requests
--     of the group. An allowed request adds its estimate to each of its rows; a refused one changes
--     nothing (so a call refused by its user budget takes no room from its team budget). A request with a
--     pair whose period row does not exist yet (new budget, new period) is 'missing', and so is every
--     request after it: undecided, they change nothing; the caller creates the rows and asks again, in
--     the same order.
--  3. Writes, in one statement: the rows that changed, each by the sum of its allowed estimates (rows this
--     transaction holds locked: the values read in 1 are still the latest, and nothing is re-evaluated),
--     the allowed reservations and one line per (reservation, row) — so reserved_usd stays equal to the
--     sum of the active reservations' lines.
--
-- Returns one row of parallel arrays: per request its outcome and its reservation's expiry (allowed);
-- per locked row its budget (id, name, scope, period, mode, limit) and spent; per pair its row, the row's
-- reserved and remaining right after the request's decision (what the request saw, in sequence) and
-- whether the request fitted; and every pair that lacks a row, with its budget's period kind.
CREATE FUNCTION warden_authorize_spend_group(
  p_est numeric[], p_rid uuid[], p_gw uuid[], p_user text[], p_team text[], p_server text[], p_tool text[],
  p_ttl int[], p_pair_req int[], p_pair_budget uuid[], p_pair_start timestamptz[],
  OUT outcome text[], OUT expires_at timestamptz[],
  OUT row_budget uuid[], OUT row_name text[], OUT row_scope text[], OUT row_scope_value text[], OUT row_period text[],
  OUT row_mode text[], OUT row_limit numeric[], OUT row_spent numeric[], OUT row_end timestamptz[],
  OUT pair_req int[], OUT pair_row int[], OUT pair_reserved numeric[], OUT pair_remaining numeric[], OUT pair_fits boolean[],
  OUT missing_req int[], OUT missing_budget uuid[], OUT missing_period text[]
) LANGUAGE plpgsql AS $$
DECLARE
  n int := coalesce(cardinality(p_est), 0);
  np int;
  -- Locked period rows, in id order (row k): the rest of their columns are OUT arrays.
  r_id uuid[];
  r_reserved numeric[];
  r_delta numeric[];
  -- Pairs sorted by (request, budget); pair_row is the pair's row, null when the row does not exist.
  q_budget uuid[];
  i int;
  j int := 1;
  j0 int;
  jj int;
  k int;
  fits boolean;
  ok boolean;
  miss boolean;
  any_missing boolean := false;
BEGIN
  -- 1. Lock in id order (`l`: its rows are locked as they come out of the sort, and `lk` reads them all
  --    before anything else), read the limits, and map each pair to its row.
  WITH l AS (
    SELECT bp.id, bp.budget_id, bp.period_start, bp.spent_usd, bp.reserved_usd, bp.period_end
    FROM budget_periods bp
    JOIN (SELECT DISTINCT t.budget_id, t.period_start FROM unnest(p_pair_budget, p_pair_start) AS t(budget_id, period_start)) t
      ON t.budget_id = bp.budget_id AND t.period_start = bp.period_start
    ORDER BY bp.id
    FOR NO KEY UPDATE OF bp
  ),
  lk AS (
    SELECT l.*, row_number() OVER (ORDER BY l.id)::int AS k
    FROM l
  )
  SELECT r.*, q.*
    INTO r_id, row_budget, row_spent, r_reserved, row_end, row_name, row_scope, row_scope_value, row_period, row_mode, row_limit,
         pair_req, q_budget, pair_row
  FROM (
    SELECT array_agg(lk.id ORDER BY lk.k), array_agg(lk.budget_id ORDER BY lk.k), array_agg(lk.spent_usd ORDER BY lk.k),
           array_agg(lk.reserved_usd ORDER BY lk.k), array_agg(lk.period_end ORDER BY lk.k), array_agg(b.name ORDER BY lk.k),
           array_agg(b.scope::text ORDER BY lk.k), array_agg(b.scope_value ORDER BY lk.k), array_agg(b.period::text ORDER BY lk.k),
           array_agg(b.mode::text ORDER BY lk.k), array_agg(b.limit_usd ORDER BY lk.k)
    FROM lk LEFT JOIN budgets b ON b.id = lk.budget_id
  ) r, (
    SELECT array_agg(p.req ORDER BY p.req, p.budget_id), array_agg(p.budget_id ORDER BY p.req, p.budget_id),
           array_agg(lk.k ORDER BY p.req, p.budget_id)
    FROM unnest(p_pair_req, p_pair_budget, p_pair_start) AS p(req, budget_id, period_start)
    LEFT JOIN lk ON lk.budget_id = p.budget_id AND lk.period_start = p.period_start
  ) q;
  r_delta := array_fill(0::numeric, ARRAY[coalesce(cardinality(r_id), 0)]);
  np := coalesce(cardinality(pair_req), 0);
  pair_reserved := array_fill(NULL::numeric, ARRAY[np]);
  pair_remaining := array_fill(NULL::numeric, ARRAY[np]);
  pair_fits := array_fill(NULL::boolean, ARRAY[np]);
  outcome := array_fill('allowed'::text, ARRAY[n]);
  expires_at := array_fill(NULL::timestamptz, ARRAY[n]);

  -- 2. Decide in order. (A budget gone from `budgets` has no limit: the request does not fit.) From the
  --    first request with a missing row on, nothing more is decided, so that the group is still decided
  --    in arrival order once the rows exist.
  FOR i IN 1..n LOOP
    j0 := j;
    ok := true;
    miss := any_missing;
    WHILE j <= np AND pair_req[j] = i LOOP
      k := pair_row[j];
      IF k IS NULL THEN
        miss := true;
      ELSIF NOT miss THEN
        fits := coalesce(row_mode[k] = 'soft' OR row_spent[k] + r_reserved[k] + p_est[i] <= row_limit[k], false);
        pair_fits[j] := fits;
        ok := ok AND fits;
      END IF;
      j := j + 1;
    END LOOP;
    IF miss THEN
      outcome[i] := 'missing';
      any_missing := true;
      CONTINUE;
    END IF;
    IF ok THEN
      expires_at[i] := now() + p_ttl[i] * interval '1 second';
      FOR jj IN j0 .. j - 1 LOOP
        k := pair_row[jj];
        r_reserved[k] := r_reserved[k] + p_est[i];
        r_delta[k] := r_delta[k] + p_est[i];
      END LOOP;
    ELSE
      outcome[i] := 'refused';
    END IF;
    FOR jj IN j0 .. j - 1 LOOP
      k := pair_row[jj];
      pair_reserved[jj] := r_reserved[k];
      pair_remaining[jj] := greatest(row_limit[k] - row_spent[k] - r_reserved[k], 0);
    END LOOP;
  END LOOP;

  -- 3. Write, in one statement (the lines' foreign keys are checked at its end, when the reservations exist).
  WITH upd AS (
    UPDATE budget_periods bp SET reserved_usd = bp.reserved_usd + d.delta
    FROM unnest(r_id, r_delta) AS d(id, delta)
    WHERE bp.id = d.id AND d.delta <> 0
  ),
  res AS (
    INSERT INTO reservations (id, gateway_id, status, amount_usd, user_id, team, server, tool, expires_at, created_at)
    SELECT t.rid, t.gw, 'active', t.est, t.user_id, t.team, t.server, t.tool, t.expires_at, now()
    FROM unnest(p_rid, p_gw, p_est, p_user, p_team, p_server, p_tool, expires_at, outcome)
      AS t(rid, gw, est, user_id, team, server, tool, expires_at, outcome)
    WHERE t.outcome = 'allowed'
  )
  INSERT INTO reservation_lines (reservation_id, budget_period_id, amount_usd)
  SELECT x.rid, r.id, x.est
  FROM unnest(pair_req, pair_row) AS q(req, k)
  JOIN unnest(p_rid, p_est, outcome) WITH ORDINALITY AS x(rid, est, outcome, req) ON x.req = q.req
  JOIN unnest(r_id) WITH ORDINALITY AS r(id, k) ON r.k = q.k
  WHERE x.outcome = 'allowed';

  IF any_missing THEN
    SELECT array_agg(q.req ORDER BY q.req), array_agg(q.budget_id ORDER BY q.req), array_agg(b.period::text ORDER BY q.req)
      INTO missing_req, missing_budget, missing_period
    FROM unnest(pair_req, q_budget, pair_row) AS q(req, budget_id, k) JOIN budgets b ON b.id = q.budget_id
    WHERE q.k IS NULL;
  END IF;
END
$$;
