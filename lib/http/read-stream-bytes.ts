import type { Readable } from "node:stream";

/** The stream carried more than `maxBytes`. Reading stopped; the caller decides what becomes of the rest. */
export class StreamTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`body over ${maxBytes} bytes`);
    this.name = "StreamTooLargeError";
  }
}

/**
 * A Node stream's whole content, read with plain stream events (no async iterator per read, which cost the
 * gateway measurably on every request). Rejects with StreamTooLargeError past `maxBytes`, with the stream's
 * own error, or with an ERR_STREAM_PREMATURE_CLOSE error when the peer went away before the end. Listeners
 * are removed once it settles. Past `maxBytes` the stream is left as it is: a client's response is
 * destroyed (nothing more is wanted from it), while a server's request is drained first (discard-body.ts)
 * so that its client reads the refusal.
 */
export function readStreamBytes(o: { stream: Readable; maxBytes?: number }): Promise<Buffer> {
  const { stream, maxBytes = Infinity } = o;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        stream.pause();
        reject(new StreamTooLargeError(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    };
    const onError = (e: Error) => {
      cleanup();
      reject(e);
    };
    const onClose = () => onError(Object.assign(new Error("Premature close"), { code: "ERR_STREAM_PREMATURE_CLOSE" }));
    const cleanup = () => {
      stream.off("data", onData);
      stream.off("end", onEnd);
      stream.off("error", onError);
      stream.off("close", onClose);
    };
    stream.on("data", onData);
    stream.on("end", onEnd);
    stream.on("error", onError);
    stream.on("close", onClose);
  });
}
