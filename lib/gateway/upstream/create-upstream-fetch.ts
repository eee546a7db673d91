import { readFileSync } from "node:fs";
import { rootCertificates } from "node:tls";
import { Agent, fetch as undiciFetch } from "undici";
import type { FetchLike } from "@modelcontextprotocol/client";
import type { HttpServerConfig } from "../config/schema";

/**
 * The fetch an HTTP upstream is reached with. TLS is always verified (rejectUnauthorized stays on); a
 * `caFile` adds to the system roots, `clientCertFile`/`clientKeyFile` present a client certificate (mTLS).
 * Without either, the global fetch.
 */
export function createUpstreamFetch(o: { config: HttpServerConfig }): FetchLike | undefined {
  const { caFile, clientCertFile, clientKeyFile } = o.config;
  if (!caFile && !clientCertFile) return undefined;
  const agent = new Agent({
    connect: {
      rejectUnauthorized: true,
      ca: caFile ? [...rootCertificates, readFileSync(caFile, "utf8")] : undefined,
      cert: clientCertFile ? readFileSync(clientCertFile) : undefined,
      key: clientKeyFile ? readFileSync(clientKeyFile) : undefined,
    },
  });
  return ((url: string | URL, init?: RequestInit) =>
    undiciFetch(url, { ...(init as object), dispatcher: agent } as never) as unknown as Promise<Response>) as FetchLike;
}
