import { loadOtlpTypes } from "./load-otlp-types";
import type { OtlpEncoding } from "./decode-otlp-traces";

export const PROTOBUF = "application/x-protobuf";

/** The response's encoding: the request's (OTLP/HTTP answers in kind); JSON when it sent neither. */
export function responseEncoding(req: Request): OtlpEncoding {
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  return type === PROTOBUF ? "protobuf" : "json";
}

/**
 * 200: an ExportTraceServiceResponse in `encoding`, with `partial_success` when spans were rejected
 * (`rejectedSpans` > 0) or when there is only a warning to give (`rejectedSpans` 0, a message).
 */
export function encodeExportResponse(opts: { encoding: OtlpEncoding; rejectedSpans: number; message: string | null }): Response {
  const partial = opts.rejectedSpans > 0 || opts.message ? { rejectedSpans: opts.rejectedSpans, errorMessage: opts.message ?? "" } : null;
  if (opts.encoding === "protobuf") {
    const { response } = loadOtlpTypes();
    const body = response.encode(response.fromObject(partial ? { partialSuccess: partial } : {})).finish();
    return new Response(new Uint8Array(body), { status: 200, headers: { "content-type": PROTOBUF } });
  }
  return Response.json(partial ? { partialSuccess: { rejectedSpans: String(partial.rejectedSpans), errorMessage: partial.errorMessage } } : {});
}

/** gRPC status codes of google.rpc.Status for the HTTP statuses the receiver answers. */
const GRPC_CODE: Record<number, number> = { 400: 3, 401: 16, 403: 7, 404: 5, 405: 12, 413: 8, 415: 3, 429: 8, 500: 13, 503: 14 };

/**
 * Turns one of Warden's JSON error responses ({"error":{code,message,issues?}}, from toErrorResponse) into
 * OTLP/HTTP's: a google.rpc.Status in the request's encoding, same status code and Retry-After. The JSON form
 * keeps Warden's `error` object beside the Status fields (OTLP/JSON readers ignore unknown fields; Warden's
 * clients and tests read `error`).
 */
export async function toOtlpErrorResponse(opts: { response: Response; encoding: OtlpEncoding }): Promise<Response> {
  const { response } = opts;
  const body = (await response.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  const message = body?.error?.message ?? response.statusText;
  const code = GRPC_CODE[response.status] ?? 2;
  const headers: Record<string, string> = {};
  const retryAfter = response.headers.get("retry-after");
  if (retryAfter) headers["retry-after"] = retryAfter;
  if (opts.encoding === "protobuf") {
    const { status } = loadOtlpTypes();
    const bytes = status.encode(status.fromObject({ code, message })).finish();
    return new Response(new Uint8Array(bytes), { status: response.status, headers: { ...headers, "content-type": PROTOBUF } });
  }
  return Response.json({ code, message, details: [], ...(body?.error ? { error: body.error } : {}) }, { status: response.status, headers });
}
