import type { ApiScope } from "../../lib/gateways/api-key";
import { createApiKey } from "../../lib/gateways/create-api-key";
import { createGateway } from "../../lib/gateways/create-gateway";
import { baseUrl } from "./http";
import { uniq } from "./factories";

/** A fresh gateway with a key (all scopes unless `scopes` is given), created through the lib functions. */
export async function createTestGateway(opts: { scopes?: ApiScope[]; name?: string } = {}) {
  const gw = await createGateway({ input: { name: opts.name ?? uniq("gw") }, actor: { email: "tests" } });
  if (!opts.scopes) return { gatewayId: gw.gatewayId, name: gw.name, apiKey: gw.apiKey, keyId: gw.key.id };
  const { key, apiKey } = await createApiKey({ gatewayId: gw.gatewayId, input: { scopes: opts.scopes }, actor: { email: "tests" } });
  return { gatewayId: gw.gatewayId, name: gw.name, apiKey, keyId: key.id };
}

/** A request to the gateway API with a key, as a gateway would send it. */
export async function gatewayApi(path: string, apiKey: string | null, opts: { method?: string; body?: unknown; rawBody?: BodyInit; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${baseUrl()}/api/v1${path}`, {
    method: opts.method ?? (opts.body !== undefined || opts.rawBody !== undefined ? "POST" : "GET"),
    headers: {
      ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
      ...(opts.body !== undefined ? { "content-type": "application/json" } : {}),
      ...opts.headers,
    },
    body: opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
  });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}
