import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { errorResponses, jsonResponse } from "../openapi/registry";
import {
  AuthorizeSpendBody,
  AuthorizeSpendResponse,
  DEFAULT_RESERVATION_TTL_SECONDS,
  ReleaseSpendBody,
  ReleaseSpendResponse,
} from "./schema";

// The spend endpoints of the gateway API, from the same zod schemas the handlers parse. (The budget entry of
// GET /api/v1/policy is BudgetPolicyEntry in ./schema.ts, for the policy's own schema to use.)
export function registerBudgetsOpenApi(registry: OpenAPIRegistry) {
  registry.registerPath({
    method: "post",
    path: "/api/v1/spend/authorize",
    operationId: "authorizeSpend",
    tags: ["spend"],
    summary: "Reserve a call's estimated cost before making it",
    description:
      "Reserves `estimatedCostUsd` against every budget the call falls under — global, the user's, the team's, this " +
      "gateway's, and the server's and tool's when given — in one atomic step: all of them, or none. A hard budget " +
      "refuses when spent + reserved + the estimate would pass its limit (`allowed: false`, naming that budget); a soft " +
      "budget never refuses. Both answers are 200. Put the `reservationId` on the call's event (`reservationId`, with " +
      "the actual `costUsd`) to settle it: reserved becomes spent at the actual cost. A call that does not happen is " +
      `released with POST /api/v1/spend/release; an unsettled reservation expires after \`ttlSeconds\` (default ` +
      `${DEFAULT_RESERVATION_TTL_SECONDS} s) and is freed. Periods are calendar days, weeks (from Monday) and months in ` +
      "Warden's time zone; money is exact decimals (numbers or strings in, strings out). With `dryRun: true` the call is " +
      "decided exactly as it would be now (same budgets, same answer, a refusal naming the budget) but nothing is " +
      "reserved: the answer carries `dryRun: true` and the nil UUID as `reservationId` — ask before a person approves, " +
      "reserve after. Needs the `spend:write` scope.",
    request: { body: { required: true, content: { "application/json": { schema: AuthorizeSpendBody } } } },
    responses: {
      200: jsonResponse("Allowed (with the reservation) or refused (with the budget that would be exceeded).", AuthorizeSpendResponse),
      ...errorResponses(400, 401, 403, 413, 415, 429, 503),
    },
  });

  registry.registerPath({
    method: "post",
    path: "/api/v1/spend/release",
    operationId: "releaseSpend",
    tags: ["spend"],
    summary: "Free a reservation for a call that did not happen",
    description:
      "Gives the reserved amount back to every budget it was reserved on. Only the gateway that made the reservation " +
      "may release it (another gateway's is a 404). Idempotent: releasing again, or a reservation already settled or " +
      "expired, changes nothing and answers its status with `released: false`. Needs the `spend:write` scope.",
    request: { body: { required: true, content: { "application/json": { schema: ReleaseSpendBody } } } },
    responses: {
      200: jsonResponse("The reservation's status after this request.", ReleaseSpendResponse),
      ...errorResponses(400, 401, 403, 404, 413, 415, 429, 503),
    },
  });
}
