// A webhook receiver on loopback, as a Warden user would write one: it reads the raw body and checks the
// X-Warden-Signature header (HMAC-SHA256 of "t.body" with the shared secret) in constant time.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { disableChannelsTo } from "../support/channels";

export interface ReceivedHook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: any;
}

export function verifyWardenSignature(header: string | string[] | undefined, rawBody: string, secret: string, toleranceSeconds = 300): boolean {
  if (typeof header !== "string") return false;
  const parts = Object.fromEntries(header.split(",").map((kv) => kv.split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isFinite(t) || Math.abs(Date.now() / 1000 - t) > toleranceSeconds || !parts.v1) return false;
  const expected = createHmac("sha256", secret).update(`${t}.${rawBody}`).digest();
  const given = Buffer.from(parts.v1, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface Receiver {
  url: (path?: string) => string;
  port: number;
  received: ReceivedHook[];
  /** Status to answer the next request with (default 200). */
  respond: (hook: ReceivedHook) => number;
  close: () => Promise<void>;
}

export async function startReceiver(host = "127.0.0.1"): Promise<Receiver> {
  const state: Receiver = {
    url: () => "",
    port: 0,
    received: [],
    respond: () => 200,
    close: async () => undefined,
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      const hook: ReceivedHook = { path: req.url ?? "", headers: req.headers, body, json };
      state.received.push(hook);
      res.writeHead(state.respond(hook));
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  state.port = (server.address() as AddressInfo).port;
  state.url = (path = "/hook") => `http://${host}:${state.port}${path}`;
  state.close = async () => {
    await disableChannelsTo(`http://${host}:${state.port}/`);
    await new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  };
  return state;
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
