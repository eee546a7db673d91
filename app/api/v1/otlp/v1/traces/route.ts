import { withApiKey } from "@/lib/gateways/with-api-key";
import { responseEncoding, toOtlpErrorResponse } from "@/lib/otlp/encode-otlp-response";
import { receiveOtlpTraces } from "@/lib/otlp/receive-otlp-traces";

// POST /api/v1/otlp/v1/traces — OTLP/HTTP traces (OTEL_EXPORTER_OTLP_ENDPOINT=<warden>/api/v1/otlp). The one
// gateway API route that answers in another format than Warden's JSON: OTLP's ExportTraceServiceResponse and,
// for errors, google.rpc.Status, in the request's encoding (docs/otel.md).
export const POST = withApiKey(
  { scope: "otlp:write", errorResponse: (response, req) => toOtlpErrorResponse({ response, encoding: responseEncoding(req) }) },
  async ({ req, gateway }) => receiveOtlpTraces({ req, gatewayId: gateway.gatewayId }),
);
