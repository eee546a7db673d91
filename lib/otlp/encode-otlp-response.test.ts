import { describe, expect, it } from "vitest";
import { ApiError, toErrorResponse } from "../http/errors";
import { encodeExportResponse, toOtlpErrorResponse } from "./encode-otlp-response";
import { openApiDocument } from "../openapi/document";
import { loadOtlpTypes } from "./load-otlp-types";
import { ExportTraceServiceResponse, OtlpStatus } from "./openapi";

const bytesOf = async (r: Response) => new Uint8Array(await r.arrayBuffer());

describe("OTLP/HTTP responses", () => {
  it("429 and 503 keep Retry-After and become a google.rpc.Status (RESOURCE_EXHAUSTED, UNAVAILABLE) in the request's encoding", async () => {
    const { status } = loadOtlpTypes();
    const limited = await toOtlpErrorResponse({ response: toErrorResponse(new ApiError("rate_limited", "slow down", { retryAfterSeconds: 7 })), encoding: "protobuf" });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
    expect(limited.headers.get("content-type")).toBe("application/x-protobuf");
    expect(status.toObject(status.decode(await bytesOf(limited)))).toEqual({ code: 8, message: "slow down" });
    const down = await toOtlpErrorResponse({ response: toErrorResponse(new ApiError("unavailable", "database down", { retryAfterSeconds: 5 })), encoding: "json" });
    expect(down.status).toBe(503);
    expect(down.headers.get("retry-after")).toBe("5");
    expect(await down.json()).toEqual({ code: 14, message: "database down", details: [], error: { code: "unavailable", message: "database down" } });
  });

  it("200 is an ExportTraceServiceResponse: empty when all was accepted, partial_success with the count and reasons, or a warning with 0", async () => {
    const { response } = loadOtlpTypes();
    expect(await encodeExportResponse({ encoding: "json", rejectedSpans: 0, message: null }).json()).toEqual({});
    expect(await encodeExportResponse({ encoding: "json", rejectedSpans: 2, message: "why" }).json()).toEqual({ partialSuccess: { rejectedSpans: "2", errorMessage: "why" } });
    const proto = encodeExportResponse({ encoding: "protobuf", rejectedSpans: 0, message: "warning: no user" });
    expect(response.toObject(response.decode(await bytesOf(proto)), { longs: String })).toEqual({ partialSuccess: { errorMessage: "warning: no user" } });
  });

  it("the OpenAPI document describes POST /api/v1/otlp/v1/traces with the schemas its JSON answers match", async () => {
    const op = (openApiDocument() as any).paths["/api/v1/otlp/v1/traces"].post;
    expect(Object.keys(op.requestBody.content)).toEqual(["application/x-protobuf", "application/json"]);
    expect(Object.keys(op.responses)).toEqual(["200", "400", "401", "403", "413", "415", "429", "503"]);
    ExportTraceServiceResponse.parse(await encodeExportResponse({ encoding: "json", rejectedSpans: 1, message: "x" }).json());
    OtlpStatus.parse(await (await toOtlpErrorResponse({ response: toErrorResponse(new ApiError("forbidden", "no")), encoding: "json" })).json());
  });
});
