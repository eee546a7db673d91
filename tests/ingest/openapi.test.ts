import { describe, expect, it } from "vitest";
import { baseUrl } from "../support/http";
import { EVENT_STATUSES } from "../../lib/ingest/schema";

describe("GET /api/v1/openapi.json", () => {
  it("GET /api/v1/openapi.json describes POST /api/v1/events from the handler's zod schemas", async () => {
    const res = await fetch(`${baseUrl()}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as any;
    expect(doc.openapi).toMatch(/^3\.1/);
    const op = doc.paths["/api/v1/events"].post;
    expect(Object.keys(op.responses).sort()).toEqual(["200", "400", "401", "403", "413", "415", "429", "503"]);
    expect(op.responses["429"].headers["Retry-After"]).toBeDefined();
    expect(Object.keys(op.requestBody.content)).toEqual(["application/json", "application/x-ndjson"]);
    const event = doc.components.schemas.Event;
    expect(event.additionalProperties).toBe(false);
    expect(event.required).toEqual(expect.arrayContaining(["id", "timestamp", "userId", "server", "tool", "status"]));
    expect(event.properties.status.enum).toEqual([...EVENT_STATUSES]);
    expect(event.properties.id.format).toBe("uuid");
    expect(doc.components.securitySchemes.apiKey.scheme).toBe("bearer");
  });
});
