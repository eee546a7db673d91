import type { IncomingMessage, ServerResponse } from "node:http";
import { checkRequestTarget } from "./check-request-target";
import { errorBody } from "./errors";

/**
 * server.ts calls this before any router (the gateway API's or Next's): a request whose Host, path or
 * query cannot be read is answered 400 JSON here, once for every route. Returns true when it answered.
 */
export function refuseBadRequestTarget(req: IncomingMessage, res: ServerResponse): boolean {
  const err = checkRequestTarget({ url: req.url ?? "/", host: req.headers.host });
  if (!err) return false;
  const text = JSON.stringify(errorBody(err.code, err.message, err.options.issues));
  res.writeHead(err.status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "cache-control": "no-store",
    // The body (if any) is not read: close rather than let leftovers become the next request.
    connection: "close",
  });
  res.end(text);
  return true;
}
