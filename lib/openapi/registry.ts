import { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import type { ZodType } from "zod";
import { ApiErrorResponse } from "../ingest/schema";

// Helpers for each domain's `lib/<domain>/openapi.ts`, which exports `register<Domain>OpenApi(registry)`
// describing its /api/v1 paths with the same zod schemas its handlers parse; lib/openapi/document.ts
// calls every registration and generates the document served at GET /api/v1/openapi.json.
export { OpenAPIRegistry };
export type OpenApiRegistration = (registry: OpenAPIRegistry) => void;

export const BEARER_AUTH = "apiKey";

const ERROR_TEXT = {
  400: "Invalid request: `error.issues` lists every problem (`index` = event position for batches). Code `invalid_text`: a NUL or an unpaired surrogate in a string, a key, the path or the query (Postgres cannot store them); JSON nested deeper than 64 levels and a path that is not valid percent-encoding are `invalid_request`.",
  401: "Missing, malformed, unknown, revoked or expired API key.",
  403: "The API key lacks the scope this endpoint needs.",
  404: "Not found (or not this gateway's).",
  409: "Conflict with the current state (e.g. already decided).",
  413: "Body over 1 MiB (also after gzip decompression) or too many items.",
  415: "Unsupported Content-Type or Content-Encoding.",
  429: "Per-key rate limit; retry after `Retry-After` seconds.",
  503: "Database unavailable; retry after `Retry-After` seconds.",
} as const;
export type ErrorStatus = keyof typeof ERROR_TEXT;

const retryAfter = { "Retry-After": { description: "Seconds to wait before retrying.", schema: { type: "integer" as const } } };

/** The `responses` entries for these error statuses, all with the shared error body. */
export function errorResponses(...statuses: ErrorStatus[]) {
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      {
        description: ERROR_TEXT[s],
        ...(s === 429 || s === 503 ? { headers: retryAfter } : {}),
        content: { "application/json": { schema: ApiErrorResponse } },
      },
    ]),
  );
}

/** A JSON 200 response. */
export function jsonResponse(description: string, schema: ZodType) {
  return { description, content: { "application/json": { schema } } };
}
