import path from "node:path";
import { describe, expect, it } from "vitest";
import { findGatewayRoutes } from "../../lib/http/serve-gateway-api";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { baseUrl } from "../support/http";

// server.ts serves /api/v1/** itself, with the App Router's own route handlers (lib/http/serve-gateway-api.ts).
describe("gateway API routing", () => {
  it("finds every app/api/v1 route file, with its parameters", () => {
    const routes = findGatewayRoutes(path.resolve(import.meta.dirname, "../../app"));
    const templates = routes.map((r) => r.template);
    expect(templates).toEqual(expect.arrayContaining(["/api/v1/events", "/api/v1/approvals/[id]", "/api/v1/approvals/[id]/cancel", "/api/v1/spend/authorize", "/api/v1/jwks.json"]));
    const cancel = routes.find((r) => r.template === "/api/v1/approvals/[id]/cancel")!;
    expect(cancel.keys).toEqual(["id"]);
    expect(cancel.pattern.exec("/api/v1/approvals/abc/cancel")?.[1]).toBe("abc");
    expect(routes.find((r) => r.template === "/api/v1/jwks.json")!.pattern.test("/api/v1/jwksXjson")).toBe(false);
  });

  it("answers an unknown /api/v1 path with a JSON 404 naming the OpenAPI document", async () => {
    const res = await gatewayApi("/no-such-endpoint", null);
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("not_found");
    expect(res.json.error.message).toContain("/api/v1/openapi.json");
  });

  it("answers a method the endpoint does not have with 405 and Allow", async () => {
    const gw = await createTestGateway();
    const res = await gatewayApi("/events", gw.apiKey, { method: "DELETE" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
    expect(res.json.error.code).toBe("method_not_allowed");
  });

  it("sends the hardening headers on gateway API responses", async () => {
    const res = await fetch(`${baseUrl()}/api/v1/jwks.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  });

  it("closes the connection after refusing a body it did not read, so the next request is unharmed", async () => {
    const gw = await createTestGateway();
    const big = "x".repeat(2 * 1024 * 1024);
    const refused = await gatewayApi("/events", gw.apiKey, { rawBody: big, headers: { "content-type": "application/json" } });
    expect(refused.status).toBe(413);
    expect(refused.headers.get("connection")).toBe("close");
    const next = await gatewayApi("/events", gw.apiKey, { rawBody: "{bad", headers: { "content-type": "application/json" } });
    expect(next.status).toBe(400);
  });
});
