import path from "node:path";
import { fileURLToPath } from "node:url";
import protobuf from "protobufjs";

// The protobuf types of OTLP/HTTP traces, compiled by protobufjs from the .proto files vendored in
// vendor/opentelemetry-proto (v1.11.0) and vendor/googleapis (google.rpc.Status). See vendor/README.md.

const VENDOR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../vendor");

export interface OtlpTypes {
  request: protobuf.Type;
  response: protobuf.Type;
  status: protobuf.Type;
}

let types: OtlpTypes | undefined;

/** Loads (once per process) ExportTraceServiceRequest, ExportTraceServiceResponse and google.rpc.Status. */
export function loadOtlpTypes(): OtlpTypes {
  if (types) return types;
  const root = new protobuf.Root();
  root.resolvePath = (origin, target) => {
    if (target.startsWith("google/protobuf/")) return target; // protobufjs' bundled common files (any.proto)
    return path.join(VENDOR, target.startsWith("google/") ? "googleapis" : "opentelemetry-proto", target);
  };
  root.loadSync(["opentelemetry/proto/collector/trace/v1/trace_service.proto", "google/rpc/status.proto"]);
  root.resolveAll();
  types = {
    request: root.lookupType("opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest"),
    response: root.lookupType("opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse"),
    status: root.lookupType("google.rpc.Status"),
  };
  return types;
}
