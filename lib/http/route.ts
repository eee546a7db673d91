import "server-only";
import type { ZodType } from "zod";
import { getCurrentUser, type CurrentUser } from "../auth/get-current-user";
import type { Permission } from "../auth/permissions";
import type { AuditActor } from "../audit/record-audit";
import { ApiError, toErrorResponse } from "./errors";
import { clientIp } from "./client-ip";
import { readJsonBody } from "./read-body";
import { env } from "../env";

// The dashboard's route wrapper (session audience): authenticate, authorize one permission, check the
// origin of state-changing requests, parse, run, map errors. The gateway wrapper is lib/gateways/with-api-key.ts.

export interface SessionContext<B> {
  req: Request;
  user: CurrentUser;
  actor: AuditActor;
  body: B;
  params: Record<string, string>;
  query: URLSearchParams;
}

type RouteParams = { params: Promise<Record<string, string | string[]>> };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** CSRF defence in depth (cookies are SameSite=Lax too): a state change must come from our own origin. */
export function assertSameOrigin(req: Request): void {
  if (SAFE_METHODS.has(req.method)) return;
  const origin = req.headers.get("origin");
  // X-Forwarded-Host is the client's to write unless a trusted proxy sets it (WARDEN_TRUST_PROXY=1).
  const forwardedHost = env().WARDEN_TRUST_PROXY === "1" ? req.headers.get("x-forwarded-host")?.split(",")[0].trim() : undefined;
  const host = forwardedHost || req.headers.get("host");
  if (!origin || !host) throw new ApiError("forbidden", "Cross-site request refused: missing Origin header.");
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new ApiError("forbidden", "Cross-site request refused: malformed Origin header.");
  }
  if (originHost !== host) throw new ApiError("forbidden", "Cross-site request refused: Origin does not match this site.");
}

export function withSession<B = undefined>(
  opts: { permission: Permission; body?: ZodType<B> },
  handler: (ctx: SessionContext<B>) => Promise<Response | unknown>,
) {
  return async (req: Request, route?: RouteParams): Promise<Response> => {
    try {
      const user = await getCurrentUser();
      if (!user) throw new ApiError("unauthenticated", "Sign in first.");
      if (!user.permissions.includes(opts.permission)) {
        throw new ApiError("forbidden", `Your role does not allow this (needs ${opts.permission}).`);
      }
      assertSameOrigin(req);
      const body = opts.body ? opts.body.parse(await readJsonBody(req)) : (undefined as B);
      const rawParams = (route ? await route.params : undefined) ?? {};
      const params = Object.fromEntries(Object.entries(rawParams).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]));
      const actor: AuditActor = { id: user.id, email: user.email, ip: clientIp(req.headers), userAgent: req.headers.get("user-agent") };
      const result = await handler({ req, user, actor, body, params, query: new URL(req.url).searchParams });
      return result instanceof Response ? result : Response.json(result ?? { ok: true });
    } catch (err) {
      return toErrorResponse(err);
    }
  };
}
