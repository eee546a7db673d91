import { OpenApiGeneratorV31, OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { registerIngestOpenApi } from "../ingest/openapi";
import { registerApprovalsOpenApi } from "../approvals/openapi";
import { registerBudgetsOpenApi } from "../budgets/openapi";
import { registerGatewaysOpenApi } from "../gateways/openapi";
import { registerOtlpOpenApi } from "../otlp/openapi";
import { BEARER_AUTH, type OpenApiRegistration } from "./registry";

// Every domain's /api/v1 registration. Add yours here: import { registerXOpenApi } from "../x/openapi".
const REGISTRATIONS: OpenApiRegistration[] = [registerIngestOpenApi, registerApprovalsOpenApi, registerBudgetsOpenApi, registerGatewaysOpenApi, registerOtlpOpenApi];

let cached: ReturnType<OpenApiGeneratorV31["generateDocument"]> | undefined;

/** The gateway API's OpenAPI 3.1 document, generated once per process from the zod schemas. */
export function openApiDocument() {
  if (cached) return cached;
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", BEARER_AUTH, {
    type: "http",
    scheme: "bearer",
    description: "A gateway API key (`wdn_…`), created on the Gateways page or with `warden gateway create`.",
  });
  for (const register of REGISTRATIONS) register(registry);
  cached = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Warden gateway API",
      version: "1",
      description:
        "The versioned API MCP gateways use: audit events, human approvals, spend authorization, policy. " +
        'Errors are always `{"error":{"code","message","issues"?}}`.',
    },
    servers: [{ url: "/" }],
    security: [{ [BEARER_AUTH]: [] }],
  });
  return cached;
}
