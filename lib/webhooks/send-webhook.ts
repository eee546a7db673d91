import "server-only";
import { createHmac } from "node:crypto";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { db } from "../db";
import { blockedAddressReason, normalizeHost } from "./address-policy";

// CONTRACT (owned by the alerting work): every outgoing webhook (alert channels, approval rules, budget
// notifications) goes through here: the URL is checked first (http(s) only; no private, loopback or
// link-local address unless an admin allowed the host), the JSON body is signed with HMAC-SHA256 in
// the `X-Warden-Signature: t=<unix>,v1=<hex>` header (signed string: `${t}.${body}`).
//
// How the check holds: the host is resolved once (all addresses), every address must be public (or the
// host allowlisted), and the connection goes to that checked address through a pinned `lookup` — so a
// DNS answer that changes between the check and the connect (rebinding) cannot redirect the request.
// Redirects are never followed; a 3xx is a failed delivery.
export interface SendWebhookOptions {
  url: string;
  secret?: string | null;
  body: unknown;
  timeoutMs?: number;
  /** Extra request headers (e.g. X-Warden-Event). Content-Type and the signature are always set. */
  headers?: Record<string, string>;
}

export interface SendWebhookResult {
  ok: boolean;
  status?: number;
  error?: string;
  /** True when the URL was refused before any request was made (bad scheme, private address…). */
  refused?: boolean;
}

export const SIGNATURE_HEADER = "X-Warden-Signature";
const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 64 * 1024;

/** `t=<unix>,v1=<hex HMAC-SHA256 of "${t}.${body}">` */
export function signWebhookBody(secret: string, body: string, t = Math.floor(Date.now() / 1000)): string {
  const v1 = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return `t=${t},v1=${v1}`;
}

export class WebhookRefusedError extends Error {}

export interface WebhookTarget {
  url: URL;
  host: string;
  address: string;
  family: 4 | 6;
  allowlisted: boolean;
}

async function isHostAllowlisted(host: string): Promise<boolean> {
  const row = await db().allowedWebhookHost.findUnique({ where: { host } });
  return row !== null;
}

function resolveAll(host: string, timeoutMs: number): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new WebhookRefusedError(`DNS lookup of ${host} timed out`)), timeoutMs);
    dnsLookup(host, { all: true, verbatim: true }, (err, addresses) => {
      clearTimeout(timer);
      if (err) reject(new WebhookRefusedError(`cannot resolve ${host} (${err.code ?? err.message})`));
      else resolve(addresses);
    });
  });
}

/**
 * Checks a webhook URL and picks the address to connect to; throws WebhookRefusedError with a reason a
 * person can act on. Also used to validate URLs when a channel is saved.
 */
export async function resolveWebhookTarget(rawUrl: string, opts: { timeoutMs?: number } = {}): Promise<WebhookTarget> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new WebhookRefusedError("not a valid URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new WebhookRefusedError(`only http and https URLs are allowed, not ${url.protocol}`);
  if (url.username || url.password) throw new WebhookRefusedError("URLs with credentials are not allowed; use the signing secret instead");
  const host = normalizeHost(url.hostname);
  if (!host) throw new WebhookRefusedError("the URL has no host");
  const allowlisted = await isHostAllowlisted(host);
  const literal = isIP(host);
  const addresses: LookupAddress[] = literal ? [{ address: host, family: literal }] : await resolveAll(host, opts.timeoutMs ?? 5000);
  if (addresses.length === 0) throw new WebhookRefusedError(`${host} has no address`);
  if (!allowlisted) {
    for (const a of addresses) {
      const reason = blockedAddressReason(a.address);
      if (reason) {
        throw new WebhookRefusedError(`${host} resolves to a ${reason} address (${a.address}); an admin can allow this host in the webhook allowlist`);
      }
    }
  }
  const chosen = addresses[0];
  return { url, host, address: chosen.address, family: chosen.family === 6 ? 6 : 4, allowlisted };
}

function pinnedLookup(address: string, family: 4 | 6): LookupFunction {
  return ((_hostname: string, options: { all?: boolean } | undefined, callback: (...args: unknown[]) => void) => {
    if (options && options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as unknown as LookupFunction;
}

function post(target: WebhookTarget, body: string, headers: Record<string, string>, timeoutMs: number): Promise<SendWebhookResult> {
  return new Promise((resolve) => {
    const { url } = target;
    const isHttps = url.protocol === "https:";
    let settled = false;
    const finish = (r: SendWebhookResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const req = (isHttps ? https : http).request({
      method: "POST",
      protocol: url.protocol,
      hostname: target.host,
      port: url.port || (isHttps ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
      lookup: pinnedLookup(target.address, target.family),
      agent: false,
      ...(isHttps && !isIP(target.host) ? { servername: target.host } : {}),
    });
    const timer = setTimeout(() => {
      req.destroy();
      finish({ ok: false, error: `timed out after ${timeoutMs} ms` });
    }, timeoutMs);
    req.on("error", (err: NodeJS.ErrnoException) => finish({ ok: false, error: err.code ? `${err.code}: ${err.message}` : err.message }));
    req.on("response", (res) => {
      let received = 0;
      res.on("data", (chunk: Buffer) => {
        received += chunk.length;
        if (received > MAX_RESPONSE_BYTES) res.destroy();
      });
      const done = () => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) finish({ ok: true, status });
        else if (status >= 300 && status < 400) finish({ ok: false, status, error: `redirect (${status}) not followed` });
        else finish({ ok: false, status, error: `HTTP ${status}` });
      };
      res.on("end", done);
      res.on("close", done);
      res.on("error", done);
    });
    req.end(body);
  });
}

export async function sendWebhook(opts: SendWebhookOptions): Promise<SendWebhookResult> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let target: WebhookTarget;
  try {
    target = await resolveWebhookTarget(opts.url, { timeoutMs: Math.min(timeoutMs, 5000) });
  } catch (err) {
    if (err instanceof WebhookRefusedError) return { ok: false, refused: true, error: `refused: ${err.message}` };
    throw err;
  }
  const body = JSON.stringify(opts.body ?? null);
  const headers: Record<string, string> = {
    ...opts.headers,
    "content-type": "application/json",
    "user-agent": "Warden-Webhook/1.0",
  };
  if (opts.secret) headers[SIGNATURE_HEADER.toLowerCase()] = signWebhookBody(opts.secret, body);
  return post(target, body, headers, timeoutMs);
}
