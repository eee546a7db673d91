import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { errorResponses, jsonResponse } from "../openapi/registry";
import { IngestEvent, IngestEventsBody, IngestEventsResponse, MAX_EVENTS_PER_BATCH } from "./schema";

export function registerIngestOpenApi(registry: OpenAPIRegistry) {
  registry.registerPath({
    method: "post",
    path: "/api/v1/events",
    operationId: "ingestEvents",
    tags: ["events"],
    summary: "Report a batch of tool-call audit events",
    description:
      `Up to ${MAX_EVENTS_PER_BATCH} events, 1 MiB (after decompression). All or nothing: if any event is invalid nothing is ` +
      "stored and `error.issues` lists every bad event (`index`, `path`, `message`). Idempotent on each event's `id` " +
      "(with its `timestamp`): re-sending stores nothing twice. Accepts `Content-Encoding: gzip` and NDJSON " +
      "(`application/x-ndjson`, one Event per line). Needs the `events:write` scope; the gateway is the key's.",
    request: {
      body: {
        required: true,
        content: {
          "application/json": { schema: IngestEventsBody },
          "application/x-ndjson": { schema: IngestEvent },
        },
      },
    },
    responses: {
      200: jsonResponse("Stored (`accepted`) or already stored (`duplicates`).", IngestEventsResponse),
      ...errorResponses(400, 401, 403, 413, 415, 429, 503),
    },
  });
}
