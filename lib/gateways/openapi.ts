import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { errorResponses, jsonResponse } from "../openapi/registry";
import { HeartbeatBody, HeartbeatResponse, PutToolsBody, PutToolsResponse, STALE_AFTER_INTERVALS, DEFAULT_HEARTBEAT_INTERVAL_SECONDS } from "./schema";

// The gateway's own reports to Warden: heartbeats and upstream tool lists.
export function registerGatewaysOpenApi(registry: OpenAPIRegistry) {
  registry.registerPath({
    method: "post",
    path: "/api/v1/heartbeat",
    operationId: "postHeartbeat",
    tags: ["gateway"],
    summary: "Report the gateway's health, counters and fail-open settings",
    description:
      "Replaces this gateway's latest heartbeat: its version, the policy ETag it enforces and that policy's age, its spool " +
      "(depth and cap), its counters since `startedAt` (calls, spooled, sent, dead-lettered, dropped), its upstream servers " +
      "and every setting with which it fails open (`failOpen`: drop mode on, a guard off, a policy older than its limit), " +
      "and optionally its heavy output scan's counters (`heavyOutputs`). " +
      "Warden raises an alert per fail-open setting (resolved once no longer reported), one when dead-lettered or dropped " +
      "counters grew since the previous heartbeat, one when `heavyOutputs.dropped` or `.failed` grew (outputs left unscanned), " +
      `and one when heartbeats stop for ${STALE_AFTER_INTERVALS} intervals ` +
      `(\`intervalSeconds\`, default ${DEFAULT_HEARTBEAT_INTERVAL_SECONDS}). The Gateways page compares \`counters.sent\` with ` +
      "the events Warden received (reporting coverage) and shows the heavy output scan's coverage. Needs the `heartbeat:write` scope.",
    request: { body: { required: true, content: { "application/json": { schema: HeartbeatBody } } } },
    responses: {
      200: jsonResponse("Recorded; `staleAfterSeconds` is when Warden will call this gateway silent.", HeartbeatResponse),
      ...errorResponses(400, 401, 403, 413, 415, 429, 503),
    },
  });

  registry.registerPath({
    method: "put",
    path: "/api/v1/tools",
    operationId: "putTools",
    tags: ["gateway"],
    summary: "Report each upstream server's tools/list",
    description:
      "Stores, per gateway × server, the latest `tools/list` result (MCP Tool objects as listed) with the SHA-256 of its " +
      "RFC 8785 canonical JSON; `changed` says whether it differs from the last report. Servers not in the body keep " +
      "their last list. Send it at start and on `notifications/tools/list_changed`. Needs the `tools:write` scope.",
    request: { body: { required: true, content: { "application/json": { schema: PutToolsBody } } } },
    responses: {
      200: jsonResponse("Stored.", PutToolsResponse),
      ...errorResponses(400, 401, 403, 413, 415, 429, 503),
    },
  });
}
