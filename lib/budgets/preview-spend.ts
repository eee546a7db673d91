import "server-only";
import { pool } from "../db";
import { ApiError } from "../http/errors";
import { ensurePeriodRows } from "./applicable-budgets";
import { periodOf } from "./budget-clock";
import { reserveSpendGroup } from "./reserve-spend-group";
import { DRY_RUN_RESERVATION_ID, type BudgetRemaining } from "./schema";
import { trimDecimal } from "./usd";

/** A budget a call falls under, as it stands before the call, and whether the call would go past it. */
export interface SpendPreviewLine extends BudgetRemaining {
  /** spent + reserved + this call's estimate > limit (a hard budget then refuses the call; a soft one only alerts). */
  exceeds: boolean;
}

const MAX_ATTEMPTS = 4;
const micros = (decimal: string) => {
  const [whole, frac = ""] = decimal.split(".");
  return BigInt(whole) * 1_000_000n + BigInt((frac + "000000").slice(0, 6)) * (decimal.startsWith("-") ? -1n : 1n);
};

/**
 * Every budget a call would be charged to in its current period (the dry-run path of authorization:
 * the same statement, budgets and periods, in a transaction rolled back, for a $0 estimate so no budget
 * refuses and each one's state before the call comes back), with what is left and whether `estimatedCostUsd`
 * would exceed it. Nothing is reserved.
 */
export async function previewSpend(opts: {
  gatewayId: string;
  userId: string;
  team: string | null;
  server: string;
  tool: string;
  estimatedCostUsd: string;
}): Promise<SpendPreviewLine[]> {
  const input = { userId: opts.userId, team: opts.team, server: opts.server, tool: opts.tool, estimatedCostUsd: "0" };
  const cost = micros(opts.estimatedCostUsd);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const now = new Date();
    const client = await pool().connect();
    let decision;
    try {
      await client.query("BEGIN");
      [decision] = await reserveSpendGroup([{ gatewayId: opts.gatewayId, input, reservationId: DRY_RUN_RESERVATION_ID }], now, client);
    } finally {
      await client.query("ROLLBACK").catch(() => undefined);
      client.release();
    }
    if (decision.outcome === "missing") {
      await ensurePeriodRows(pool(), decision.missing.map((m) => ({ budgetId: m.id, ...periodOf(m.period, now) })));
      continue;
    }
    return decision.budgets.map(({ fits: _fits, ...b }) => ({
      ...b,
      limitUsd: trimDecimal(b.limitUsd),
      spentUsd: trimDecimal(b.spentUsd),
      reservedUsd: trimDecimal(b.reservedUsd),
      remainingUsd: trimDecimal(b.remainingUsd),
      exceeds: micros(b.spentUsd) + micros(b.reservedUsd) + cost > micros(b.limitUsd),
    }));
  }
  throw new ApiError("unavailable", "The budgets changed while reading them; retry.", { retryAfterSeconds: 1 });
}
