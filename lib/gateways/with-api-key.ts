import "server-only";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "../env";
import { ApiError, toErrorResponse } from "../http/errors";
import type { ApiScope } from "./api-key";
import { authenticateApiKey, type AuthenticatedGateway } from "./authenticate-api-key";

// The gateway API's route wrapper (API-key audience): authenticate, check the scope, rate-limit per key,
// run, map errors to {"error":{code,message,issues?}}. Handlers parse their own bodies with zod.

export interface GatewayContext {
  req: Request;
  gateway: AuthenticatedGateway;
  params: Record<string, string>;
  query: URLSearchParams;
}

type RouteParams = { params: Promise<Record<string, string | string[]>> };

const g = globalThis as unknown as { __wardenKeyLimiter?: RateLimiterMemory };
function limiter(): RateLimiterMemory {
  g.__wardenKeyLimiter ??= new RateLimiterMemory({ keyPrefix: "api_key", points: env().WARDEN_INGEST_RATE_PER_MIN, duration: 60 });
  return g.__wardenKeyLimiter;
}

export function withApiKey(
  opts: {
    scope: ApiScope;
    /** Re-encodes the JSON error response for an audience with its own error format (OTLP/HTTP only: lib/otlp). */
    errorResponse?: (response: Response, req: Request) => Promise<Response>;
  },
  handler: (ctx: GatewayContext) => Promise<Response | unknown>,
) {
  return async (req: Request, route?: RouteParams): Promise<Response> => {
    try {
      const gateway = await authenticateApiKey(req.headers.get("authorization"), opts.scope);
      try {
        await limiter().consume(gateway.keyId);
      } catch (err) {
        if (err instanceof RateLimiterRes) {
          throw new ApiError("rate_limited", "Too many requests for this API key; slow down.", {
            retryAfterSeconds: Math.max(1, Math.ceil(err.msBeforeNext / 1000)),
          });
        }
        throw err;
      }
      const rawParams = (route ? await route.params : undefined) ?? {};
      const params = Object.fromEntries(Object.entries(rawParams).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]));
      const result = await handler({ req, gateway, params, query: new URL(req.url).searchParams });
      return result instanceof Response ? result : Response.json(result ?? { ok: true });
    } catch (err) {
      return opts.errorResponse ? opts.errorResponse(toErrorResponse(err), req) : toErrorResponse(err);
    }
  };
}
