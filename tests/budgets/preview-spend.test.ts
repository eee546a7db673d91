import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { previewSpend } from "../../lib/budgets/preview-spend";
import { uniq } from "../support/factories";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { createTestBudget, currentPeriodRow } from "./budget-fixtures";

describe("previewSpend (the budget lines of a request awaiting approval)", () => {
  it("previewSpend lists each budget a call falls under as it stands before the call (held reservations counted), whether the estimate would exceed it, and reserves nothing", async () => {
    const gw = await createTestGateway();
    const [user, team, tool] = [uniq("user"), uniq("team"), uniq("query")];
    const hard = await createTestBudget({ scope: "user", scopeValue: user, period: "day", limitUsd: "1", mode: "hard" });
    const soft = await createTestBudget({ scope: "tool", scopeValue: tool, limitUsd: "0.5", mode: "soft" });
    const otherTeam = await createTestBudget({ scope: "team", scopeValue: uniq("team") });
    const held = await gatewayApi("/spend/authorize", gw.apiKey, { body: { userId: user, team, server: "snowflake", tool: "other", estimatedCostUsd: "0.4" } });
    expect(held.json.allowed).toBe(true);

    const call = { gatewayId: gw.gatewayId, userId: user, team, server: "snowflake", tool };
    const over = await previewSpend({ ...call, estimatedCostUsd: "0.7" });
    expect(over.map((b) => b.id).sort()).toEqual([hard.id, soft.id].sort());
    expect(over.find((b) => b.id === hard.id)).toMatchObject({ mode: "hard", limitUsd: "1", spentUsd: "0", reservedUsd: "0.4", remainingUsd: "0.6", exceeds: true });
    expect(over.find((b) => b.id === soft.id)).toMatchObject({ mode: "soft", remainingUsd: "0.5", exceeds: true });
    expect(over.some((b) => b.id === otherTeam.id)).toBe(false);
    // Exactly what is left fits.
    const exact = await previewSpend({ ...call, estimatedCostUsd: "0.6" });
    expect(exact.find((b) => b.id === hard.id)?.exceeds).toBe(false);

    expect((await currentPeriodRow(hard.id)).reservedText).toBe("0.4");
    expect((await currentPeriodRow(soft.id)).reservedText).toBe("0");
    expect(await db().reservation.count({ where: { userId: user } })).toBe(1);
  });
});
