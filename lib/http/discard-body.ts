import type { IncomingMessage } from "node:http";

const DISCARD_MAX_BYTES = 64 * 1024 * 1024;
const DISCARD_MAX_MS = 10_000;

/**
 * Reads and drops what is left of a request body: until its end, DISCARD_MAX_BYTES or DISCARD_MAX_MS. A
 * request refused before its body was all read is answered after this (with `Connection: close`): closing
 * on a client still uploading makes it fail with EPIPE/ECONNRESET instead of reading the refusal.
 */
export function discardBody(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const done = () => {
      clearTimeout(timer);
      req.off("data", onData).off("end", done).off("error", done).off("close", done);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > DISCARD_MAX_BYTES) done();
    };
    const timer = setTimeout(done, DISCARD_MAX_MS);
    req.on("data", onData).once("end", done).once("error", done).once("close", done);
    req.resume();
  });
}
