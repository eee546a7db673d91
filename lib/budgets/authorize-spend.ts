import "server-only";
import { randomUUID } from "node:crypto";
import { pool } from "../db";
import { ApiError, isDatabaseUnavailable } from "../http/errors";
import { ensurePeriodRows } from "./applicable-budgets";
import { periodOf } from "./budget-clock";
import { expireReservations } from "./expire-reservations";
import { reserveSpendGroup, type DecidedBudget, type SpendDecision, type SpendRequest } from "./reserve-spend-group";
import { DRY_RUN_RESERVATION_ID, type AuthorizeSpendBody, type AuthorizeSpendResponse, type BudgetRemaining } from "./schema";
import { trimDecimal } from "./usd";

// Group authorization. An authorization needs two database round trips (decide, then flush), and here a
// round trip costs more CPU than the SQL work of one decision (and every authorization under a global
// budget queues on one row). So each process has one authorizer (shared by Next's bundle and server.ts
// through globalThis): requests that arrive while a statement runs wait and are decided together by the
// next one (reserveSpendGroup: one statement for the group, exactly sequential in arrival order, see its
// comment), at most MAX_GROUP at a time — two round trips per group instead of two per request.
//
// Early lock release, per group: the statement commits asynchronously, so its row locks are free while
// the WAL is flushed; the allowed requests are answered only after FLUSH_SQL, a synchronous transaction
// that writes WAL, has committed (its commit flushes all WAL before it, the group's commit included): an
// "allowed" answer is always durable. Flushes are grouped too (at most one in flight; a group joins the
// next one to start) and overlap the next group's statement. A database crash in between can only lose
// reservations nobody was told about; refusals change nothing and are answered at once.
//
// After a group:
//  - a request refused for the first time triggers one sweep of expired reservations (the sweep job runs
//    once a minute) and, if it freed any, is decided again, so a stale hold never refuses a call on its own;
//  - a request with a budget lacking its period row (new budget, new day…) is not decided, nor is any
//    request after it in the group: the rows are created before the next group, which decides them
//    first, in their order; after MAX_ATTEMPTS statements, 503 (the budgets keep changing under it);
//  - if the statement fails, it is tried again after a deadlock or serialization failure (none is
//    expected while every writer locks period rows in id order; a retry is cheaper than an error);
//    after any other failure but the database being unavailable, the group is split in halves and each
//    half tried on its own, down to single requests: one request's bad input (say a string Postgres
//    refuses) fails that request only.
// Requests decided again go to the front of the queue.

/** Writes a WAL record in its own synchronous transaction: its commit flushes all WAL before it. */
const FLUSH_SQL = "SELECT pg_logical_emit_message(true, 'warden', 'spend-flush') IS NOT NULL AS flushed";

/** A group stops growing past this many requests. */
const MAX_GROUP = 128;
/** Statements one request may go through (missing period rows, expired holds) before a 503. */
const MAX_ATTEMPTS = 4;
/** Deadlock, serialization failure. */
const RETRYABLE = new Set(["40P01", "40001"]);

interface Pending extends SpendRequest {
  attempts: number;
  swept: boolean;
  resolve: (r: AuthorizeSpendResponse) => void;
  reject: (err: unknown) => void;
}

interface Authorizer {
  queue: Pending[];
  running: boolean;
  scheduled: boolean;
  /** Resolves once a WAL flush that started after the call has committed. */
  walFlushed: () => Promise<unknown>;
  /** Expired reservations released by a sweep that started after the call. */
  sweepExpired: () => Promise<{ expired: number }>;
}

const g = globalThis as unknown as { __wardenSpendAuthorizer?: Authorizer };
const authorizer = () =>
  (g.__wardenSpendAuthorizer ??= {
    queue: [],
    running: false,
    scheduled: false,
    walFlushed: coalesced(() => pool().query({ name: "warden_spend_flush", text: FLUSH_SQL })),
    sweepExpired: coalesced(() => expireReservations({ limit: 500 })),
  });

/**
 * Reserves the estimate against every budget the call falls under, or refuses naming the budget that
 * would be exceeded — decided together with the authorizations that arrive at the same time, in order.
 */
export function authorizeSpend({ gatewayId, input }: { gatewayId: string; input: AuthorizeSpendBody }): Promise<AuthorizeSpendResponse> {
  if (input.dryRun) return decideDryRun(gatewayId, input);
  return new Promise((resolve, reject) => {
    enqueue([{ gatewayId, input, reservationId: randomUUID(), attempts: 0, swept: false, resolve, reject }], "back");
  });
}

function enqueue(pending: Pending[], where: "front" | "back") {
  const a = authorizer();
  if (where === "front") a.queue.unshift(...pending);
  else a.queue.push(...pending);
  // Started after the current task: requests arriving in the same tick share the first group.
  if (a.running || a.scheduled) return;
  a.scheduled = true;
  queueMicrotask(() => {
    a.scheduled = false;
    void runAuthorizer();
  });
}

async function runAuthorizer(): Promise<void> {
  const a = authorizer();
  if (a.running) return;
  a.running = true;
  try {
    while (a.queue.length) {
      const group = a.queue.splice(0, MAX_GROUP);
      const now = new Date();
      const decisions = await decideIsolated(group, now);
      group.forEach((p) => p.attempts++);
      try {
        await afterGroup(group, decisions, now);
      } catch (err) {
        for (const p of group) p.reject(err); // a bug answering one must not leave the others waiting (no-op for the answered)
      }
    }
  } finally {
    a.running = false;
  }
}

class Failed {
  constructor(readonly err: unknown) {}
}

/**
 * The group's decisions. A deadlock or serialization failure is tried again as is; any other failure
 * splits the group in halves, recursively, so one request fails alone.
 */
async function decideIsolated(group: Pending[], now: Date, retries = 2): Promise<(SpendDecision | Failed)[]> {
  try {
    return await reserveSpendGroup(group, now);
  } catch (err) {
    if (retries > 0 && RETRYABLE.has((err as { code?: string }).code ?? "")) return decideIsolated(group, now, retries - 1);
    if (group.length === 1 || isDatabaseUnavailable(err)) return group.map(() => new Failed(err));
    const half = group.length >> 1;
    return [...(await decideIsolated(group.slice(0, half), now)), ...(await decideIsolated(group.slice(half), now))];
  }
}

/** Answers or requeues each request of the group; waits only for missing period rows to be created. */
async function afterGroup(group: Pending[], decisions: (SpendDecision | Failed)[], now: Date): Promise<void> {
  const allowed: { p: Pending; answer: AuthorizeSpendResponse }[] = [];
  const refusedFirst: { p: Pending; answer: AuthorizeSpendResponse }[] = [];
  const missing: Pending[] = [];
  const missingRows = new Map<string, { budgetId: string; start: Date; end: Date }>();
  group.forEach((p, i) => {
    const d = decisions[i];
    if (d instanceof Failed) return p.reject(d.err);
    if (d.outcome === "allowed") {
      allowed.push({ p, answer: { allowed: true, reservationId: p.reservationId, expiresAt: d.expiresAt.toISOString(), budgets: d.budgets.map(tidy) } });
    } else if (d.outcome === "refused") {
      const answer = refusal(p.input, d.budgets);
      if (p.swept) p.resolve(answer);
      else refusedFirst.push({ p, answer });
    } else {
      missing.push(p);
      for (const m of d.missing) missingRows.set(m.id, { budgetId: m.id, ...periodOf(m.period, now) });
    }
  });

  if (allowed.length) {
    authorizer().walFlushed().then(
      () => allowed.forEach(({ p, answer }) => p.resolve(answer)),
      (err: unknown) => allowed.forEach(({ p }) => p.reject(err)),
    );
  }
  if (refusedFirst.length) {
    // The refusal stands unless the sweep frees something (a failed sweep changes nothing either).
    authorizer().sweepExpired().then(
      ({ expired }) => {
        if (!expired) return refusedFirst.forEach(({ p, answer }) => p.resolve(answer));
        for (const { p } of refusedFirst) p.swept = true;
        again(refusedFirst.map(({ p }) => p));
      },
      () => refusedFirst.forEach(({ p, answer }) => p.resolve(answer)),
    );
  }
  if (missing.length) {
    // Before the next group, so that these are decided first, in their order.
    try {
      await ensurePeriodRows(pool(), [...missingRows.values()]);
      again(missing);
    } catch (err) {
      for (const p of missing) p.reject(err);
    }
  }
}

/**
 * A dry run (`dryRun: true`): the very statement a real authorization runs, on a connection of its own in
 * a transaction that is rolled back — the same budgets, periods, locks and arithmetic, so the answer is
 * the one a real authorization would get now, but nothing stays reserved. Like a real one, a first refusal
 * sweeps expired holds and decides again if that freed any, and missing period rows are created first.
 */
async function decideDryRun(gatewayId: string, input: AuthorizeSpendBody): Promise<AuthorizeSpendResponse> {
  const request = { gatewayId, input, reservationId: DRY_RUN_RESERVATION_ID };
  let swept = false;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const now = new Date();
    const client = await pool().connect();
    let decision: SpendDecision;
    try {
      await client.query("BEGIN");
      [decision] = await reserveSpendGroup([request], now, client);
    } finally {
      await client.query("ROLLBACK").catch(() => undefined);
      client.release();
    }
    if (decision.outcome === "allowed") {
      return { allowed: true, dryRun: true, reservationId: DRY_RUN_RESERVATION_ID, expiresAt: decision.expiresAt.toISOString(), budgets: decision.budgets.map(tidy) };
    }
    if (decision.outcome === "refused") {
      if (!swept && (await authorizer().sweepExpired().catch(() => ({ expired: 0 }))).expired > 0) {
        swept = true;
        continue;
      }
      return { ...refusal(input, decision.budgets), dryRun: true };
    }
    await ensurePeriodRows(pool(), decision.missing.map((m) => ({ budgetId: m.id, ...periodOf(m.period, now) })));
  }
  throw new ApiError("unavailable", "The budgets changed while authorizing; retry.", { retryAfterSeconds: 1 });
}

/** Back to the front of the queue, unless a request has been through too many statements already. */
function again(pending: Pending[]) {
  const retry: Pending[] = [];
  for (const p of pending) {
    if (p.attempts < MAX_ATTEMPTS) retry.push(p);
    else p.reject(new ApiError("unavailable", "The budgets changed while authorizing; retry.", { retryAfterSeconds: 1 }));
  }
  if (retry.length) enqueue(retry, "front");
}

/**
 * `run`, shared: the returned function resolves with the result of a run that started after it was
 * called — one run at a time; callers that arrive during a run share the next one.
 */
function coalesced<T>(run: () => Promise<T>): () => Promise<T> {
  let waiting: { resolve: (v: T) => void; reject: (err: unknown) => void }[] = [];
  let running = false;
  const loop = async () => {
    running = true;
    while (waiting.length) {
      const batch = waiting;
      waiting = [];
      try {
        const v = await run();
        for (const w of batch) w.resolve(v);
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    running = false;
  };
  return () =>
    new Promise<T>((resolve, reject) => {
      waiting.push({ resolve, reject });
      if (!running) void loop();
    });
}

/** The refusal naming the budget with the least room among those the call does not fit in. */
function refusal(input: AuthorizeSpendBody, budgets: DecidedBudget[]): AuthorizeSpendResponse {
  const b = tidy(budgets.filter((x) => !x.fits).sort((x, y) => Number(x.remainingUsd) - Number(y.remainingUsd))[0]);
  return {
    allowed: false,
    reason: `Budget "${b.name}" (${b.scope}${b.scopeValue ? ` ${b.scopeValue}` : ""}, per ${b.period}) would be exceeded: limit $${b.limitUsd}, spent $${b.spentUsd}, reserved $${b.reservedUsd}, this call $${trimDecimal(input.estimatedCostUsd)}.`,
    budget: { id: b.id, name: b.name, scope: b.scope, scopeValue: b.scopeValue, limitUsd: b.limitUsd, spentUsd: b.spentUsd, reservedUsd: b.reservedUsd },
  };
}

function tidy(b: DecidedBudget): BudgetRemaining {
  return {
    id: b.id,
    name: b.name,
    scope: b.scope,
    scopeValue: b.scopeValue,
    period: b.period,
    mode: b.mode,
    limitUsd: trimDecimal(b.limitUsd),
    spentUsd: trimDecimal(b.spentUsd),
    reservedUsd: trimDecimal(b.reservedUsd),
    remainingUsd: trimDecimal(b.remainingUsd),
    periodEnd: b.periodEnd,
  };
}
