import type { CreateApprovalBody, CreateApprovalResponse, GatewayApprovalResponse } from "../../approvals/schema";
import type { AuthorizeSpendResponse, ReleaseSpendResponse } from "../../budgets/schema";
import type { AddEventFlagsBody, AddEventFlagsResponse } from "../../ingest/schema";
import type { IdentitySource } from "../call";
import { WardenRequestError, WardenUnavailableError } from "./warden-errors";

// The Warden gateway API as the chain uses it (docs/gateway-chain.md): policy, spend, approvals, JWKS, and
// the heavy rules' late flags.
// Plain fetch; type-only imports of Warden's zod contracts (nothing server-side is loaded).


export type { GatewayPolicy } from "./gateway-policy";

export interface AuthorizeSpendRequest {
  userId: string;
  team?: string | null;
  server?: string | null;
  tool?: string | null;
  estimatedCostUsd: string | number;
  ttlSeconds?: number;
  dryRun?: boolean;
}

export type CreateApprovalRequest = CreateApprovalBody & { identitySource?: IdentitySource };

export interface WardenGatewayApi {
  readonly baseUrl: string;
  /** null when the ETag still matches (304). */
  /** The policy as sent (validate with GatewayPolicySchema); null when the ETag still matches (304). */
  getPolicy(o: { etag?: string | null; signal?: AbortSignal }): Promise<{ policy: unknown; etag: string | null } | null>;
  authorizeSpend(body: AuthorizeSpendRequest, signal?: AbortSignal): Promise<AuthorizeSpendResponse>;
  releaseSpend(reservationId: string): Promise<ReleaseSpendResponse>;
  createApproval(body: CreateApprovalRequest, signal?: AbortSignal): Promise<CreateApprovalResponse>;
  getApproval(id: string, o: { waitSeconds: number; signal?: AbortSignal }): Promise<GatewayApprovalResponse>;
  cancelApproval(id: string): Promise<GatewayApprovalResponse>;
  /** Late flags on one of this gateway's events (404, a WardenRequestError, until Warden has stored it). */
  addEventFlags(eventId: string, body: AddEventFlagsBody): Promise<AddEventFlagsResponse>;
  /** The URL of the keys that verify decision tokens. */
  jwksUrl(): URL;
}

export interface WardenGatewayApiOptions {
  baseUrl: string;
  apiKey: string;
  /** Per request, long-polls excepted (they get their wait + this). Default 10 000 ms. */
  requestTimeoutMs?: number;
  fetch?: typeof fetch;
}

export function createWardenGatewayApi(o: WardenGatewayApiOptions): WardenGatewayApi {
  const base = o.baseUrl.replace(/\/+$/, "");
  const fetchImpl = o.fetch ?? fetch;
  const requestTimeoutMs = o.requestTimeoutMs ?? 10_000;

  async function request(method: string, path: string, r: { body?: unknown; headers?: Record<string, string>; signal?: AbortSignal; timeoutMs?: number } = {}) {
    const timeout = AbortSignal.timeout(r.timeoutMs ?? requestTimeoutMs);
    const signal = r.signal ? AbortSignal.any([r.signal, timeout]) : timeout;
    let res: Response;
    try {
      res = await fetchImpl(`${base}/api/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${o.apiKey}`,
          accept: "application/json",
          ...(r.body === undefined ? {} : { "content-type": "application/json" }),
          ...r.headers,
        },
        body: r.body === undefined ? undefined : JSON.stringify(r.body),
        signal,
      });
    } catch (err) {
      if (r.signal?.aborted) throw r.signal.reason ?? err;
      const why = timeout.aborted ? "timed out" : (err as Error).message;
      throw new WardenUnavailableError(`Warden (${base}) unreachable: ${method} ${path} ${why}`);
    }
    if (res.status === 304) return { res, json: undefined };
    const text = await res.text().catch(() => "");
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (res.status >= 500 || res.status === 429) throw new WardenUnavailableError(`Warden answered ${res.status} to ${method} ${path}`, res.status);
    if (res.status >= 400) {
      const msg = json?.error?.message ?? (text.slice(0, 200) || res.statusText);
      throw new WardenRequestError(`Warden refused ${method} ${path} (${res.status}): ${msg}`, res.status, json?.error?.code);
    }
    return { res, json };
  }

  return {
    baseUrl: base,
    async getPolicy({ etag, signal }) {
      const { res, json } = await request("GET", "/policy", { headers: etag ? { "if-none-match": etag } : {}, signal });
      if (res.status === 304) return null;
      return { policy: json as unknown, etag: res.headers.get("etag") };
    },
    async authorizeSpend(body, signal) {
      return (await request("POST", "/spend/authorize", { body, signal })).json as AuthorizeSpendResponse;
    },
    async releaseSpend(reservationId) {
      return (await request("POST", "/spend/release", { body: { reservationId } })).json as ReleaseSpendResponse;
    },
    async createApproval(body, signal) {
      return (await request("POST", "/approvals", { body, signal })).json as CreateApprovalResponse;
    },
    async getApproval(id, { waitSeconds, signal }) {
      const path = `/approvals/${encodeURIComponent(id)}?wait=${Math.max(0, Math.floor(waitSeconds))}`;
      return (await request("GET", path, { signal, timeoutMs: waitSeconds * 1000 + requestTimeoutMs })).json as GatewayApprovalResponse;
    },
    async cancelApproval(id) {
      return (await request("POST", `/approvals/${encodeURIComponent(id)}/cancel`)).json as GatewayApprovalResponse;
    },
    async addEventFlags(eventId, body) {
      return (await request("POST", `/events/${encodeURIComponent(eventId)}/flags`, { body })).json as AddEventFlagsResponse;
    },
    jwksUrl: () => new URL(`${base}/api/v1/jwks.json`),
  };
}
