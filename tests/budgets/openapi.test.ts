import { describe, expect, it } from "vitest";
import { baseUrl } from "../support/http";

describe("GET /api/v1/openapi.json (spend)", () => {
  it("GET /api/v1/openapi.json describes POST /api/v1/spend/authorize and /release from their zod schemas", async () => {
    const doc = (await (await fetch(`${baseUrl()}/api/v1/openapi.json`)).json()) as any;
    const schemaOf = (s: any) => (s.$ref ? doc.components.schemas[s.$ref.split("/").pop()] : s);
    const authorize = doc.paths["/api/v1/spend/authorize"].post;
    const body = schemaOf(authorize.requestBody.content["application/json"].schema);
    expect(body.required).toEqual(["userId", "estimatedCostUsd"]);
    expect(body.additionalProperties).toBe(false);
    expect(Object.keys(authorize.responses)).toEqual(expect.arrayContaining(["200", "400", "401", "403", "429"]));
    const answer = schemaOf(authorize.responses["200"].content["application/json"].schema);
    expect(answer.oneOf ?? answer.anyOf).toHaveLength(2);
    const release = doc.paths["/api/v1/spend/release"].post;
    expect(release.responses["404"]).toBeDefined();
    expect(release.description).toMatch(/Idempotent/);
  });
});
