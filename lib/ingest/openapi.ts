import { z } from "zod";
import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { errorResponses, jsonResponse } from "../openapi/registry";
import { AddEventFlagsBody, AddEventFlagsResponse, IngestEvent, IngestEventsBody, IngestEventsResponse, MAX_EVENTS_PER_BATCH } from "./schema";

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
  registry.registerPath({
    method: "post",
    path: "/api/v1/events/{id}/flags",
    operationId: "addEventFlags",
    tags: ["events"],
    summary: "Add late risk flags to a stored event",
    description:
      "Flags found after the event was sent (the gateway's heavy rule sets on a tool output, run in a worker after the " +
      "result was returned). Only adds: flags the event already carries change nothing (idempotent). The event's " +
      "rollups count the new flags, and one `output_heavy_finding` alert per tool is raised while it is open. " +
      "404 when the key's gateway has no stored event with this id — not yet arrived (retry later) or another gateway's. " +
      "Needs the `events:write` scope.",
    request: {
      params: z.object({ id: z.uuid() }),
      body: { required: true, content: { "application/json": { schema: AddEventFlagsBody } } },
    },
    responses: {
      200: jsonResponse("The event's flags after the call and its risk score.", AddEventFlagsResponse),
      ...errorResponses(400, 401, 403, 404, 415, 429, 503),
    },
  });
}
