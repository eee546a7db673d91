import "server-only";
import type { WardenEventInput } from "../sdk/warden-client";

/** What the live demo gateway's calls share (lib/demo/start-live-traffic.ts makes it). */
export interface DemoGateway {
  baseUrl: string;
  /** The gateway's current API key (renewed before it expires). */
  apiKey: () => string;
  /** Records one tool-call event through the SDK client. */
  record: (event: WardenEventInput) => void;
  rnd: () => number;
  /** Aborted when the live traffic stops. */
  signal: AbortSignal;
}

export interface GatewayReply {
  status: number;
  json: unknown;
}

/**
 * One request to the gateway API as the demo gateway, JSON in and out, with a deadline. `signal` aborts
 * it early (the live traffic stopping); without one only the deadline does. Throws on network errors,
 * timeouts and aborts; any HTTP status is a reply.
 */
export async function callGatewayApi(
  gw: Pick<DemoGateway, "baseUrl" | "apiKey">,
  path: string,
  opts: { method?: "GET" | "POST"; body?: unknown; timeoutMs: number; signal?: AbortSignal },
): Promise<GatewayReply> {
  const deadline = AbortSignal.timeout(opts.timeoutMs);
  const res = await fetch(`${gw.baseUrl}/api/v1${path}`, {
    method: opts.method ?? "GET",
    headers: { authorization: `Bearer ${gw.apiKey()}`, ...(opts.body === undefined ? {} : { "content-type": "application/json" }) },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: opts.signal ? AbortSignal.any([opts.signal, deadline]) : deadline,
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = { error: { code: "not_json", message: text.slice(0, 200) } };
  }
  return { status: res.status, json };
}
