import { describe, expect, it } from "vitest";
import { baseUrl } from "../support/http";

describe("GET /api/v1/openapi.json (approvals and policy)", () => {
  it("GET /api/v1/openapi.json describes the approval, JWKS and policy endpoints from their zod schemas", async () => {
    const doc = (await (await fetch(`${baseUrl()}/api/v1/openapi.json`)).json()) as any;
    const create = doc.paths["/api/v1/approvals"].post;
    expect(Object.keys(create.responses).sort()).toEqual(["200", "201", "400", "401", "403", "409", "413", "415", "429", "503"]);
    const body = create.requestBody.content["application/json"].schema;
    const schema = body.$ref ? doc.components.schemas[body.$ref.split("/").pop()] : body;
    expect(schema.required).toEqual(expect.arrayContaining(["requestId", "server", "tool", "paramsHash", "userId"]));
    expect(schema.additionalProperties).toBe(false);
    // v1 contract: full params (not redacted), hashed by RFC 8785 canonical JSON, checked by Warden.
    expect(create.description).toMatch(/FULL params/);
    expect(create.description).not.toMatch(/may be redacted/);
    expect(create.description).toMatch(/RFC 8785/);
    expect(schema.properties.paramsHash.description).toMatch(/RFC 8785 canonical JSON/);
    expect(schema.properties.params.description).toMatch(/not redacted/);

    const get = doc.paths["/api/v1/approvals/{id}"].get;
    expect(get.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`).sort()).toEqual(["path:id", "query:wait"]);
    expect(get.description).toMatch(/paramsHash/);
    expect(doc.paths["/api/v1/approvals/{id}/cancel"].post.responses["409"]).toBeDefined();
    expect(doc.paths["/api/v1/jwks.json"].get.security).toEqual([]);
    expect(Object.keys(doc.paths["/api/v1/policy"].get.responses)).toEqual(expect.arrayContaining(["200", "304"]));
  });
});
