import { ApiError } from "./errors";
import { parseJsonText } from "./parse-json-text";

export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/**
 * Reads a JSON body with a size cap, a content-type check and a clear error for malformed JSON, too deep
 * JSON and text Postgres cannot store (see parseJsonText).
 */
export async function readJsonBody(req: Request, maxBytes = MAX_JSON_BODY_BYTES): Promise<unknown> {
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json") {
    throw new ApiError("unsupported_media_type", `Send Content-Type: application/json (got ${type || "none"}).`);
  }
  const encoding = (req.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding !== "identity") throw new ApiError("unsupported_media_type", `Content-Encoding ${encoding} is not supported here; send the JSON as is.`);
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new ApiError("payload_too_large", `Body is larger than ${maxBytes} bytes.`);
  const buf = await readLimited(req, maxBytes);
  return parseJsonText({ text: new TextDecoder().decode(buf) });
}

/** Reads the raw body, refusing (413) as soon as it passes maxBytes. */
export async function readLimited(req: Request, maxBytes: number): Promise<Uint8Array> {
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new ApiError("payload_too_large", `Body is larger than ${maxBytes} bytes.`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  return out;
}
