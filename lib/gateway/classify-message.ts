import type { JSONRPCMessage } from "@modelcontextprotocol/client";

/**
 * What a JSON-RPC message already known to be valid is — one the SDK built, or one that passed the SDK's
 * `parseJSONRPCMessage` — by its members alone. The SDK's `isJSONRPCRequest`-style guards re-run a zod
 * parse on every call; on the gateway's hot path the transports asked them several times per call for
 * messages that had been validated already (docs/gateway.md, Benchmark).
 */
export function classifyMessage(m: JSONRPCMessage): "request" | "notification" | "response" {
  if ("method" in m) return "id" in m && m.id !== undefined ? "request" : "notification";
  return "response";
}
