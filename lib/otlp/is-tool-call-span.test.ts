import { describe, expect, it } from "vitest";
import { isToolCallSpan, SUSPENDED_ATTRIBUTE } from "./is-tool-call-span";
import type { OtlpSpan, OtlpValue } from "./types";

const span = (attributes: Record<string, OtlpValue>): OtlpSpan => ({
  at: "resourceSpans[0].scopeSpans[0].spans[0]",
  traceId: "0af7651916cd43dd8448eb211c80319c",
  spanId: "b7ad6b7169203331",
  parentSpanId: null,
  name: "tools/call echo",
  kind: "server",
  startTimeUnixNano: "1700000000000000000",
  endTimeUnixNano: "1700000000050000000",
  attributes: new Map(Object.entries(attributes)),
  resource: new Map(),
  status: { code: "unset", message: null },
});

describe("isToolCallSpan", () => {
  it("takes tools/call and execute_tool spans, not other MCP or GenAI spans", () => {
    expect(isToolCallSpan(span({ "mcp.method.name": "tools/call" }))).toBe(true);
    expect(isToolCallSpan(span({ "gen_ai.operation.name": "execute_tool" }))).toBe(true);
    expect(isToolCallSpan(span({ "mcp.method.name": "tools/list" }))).toBe(false);
    expect(isToolCallSpan(span({ "gen_ai.operation.name": "chat" }))).toBe(false);
  });

  it("a gateway's suspended round (a resumable approval hold) is not an event: the round that finishes the call is", () => {
    expect(isToolCallSpan(span({ "mcp.method.name": "tools/call", "warden.event.id": "5f0c6b0e-1d5e-4f1a-9a57-4d0e6a1b2c3d", [SUSPENDED_ATTRIBUTE]: true }))).toBe(false);
    expect(isToolCallSpan(span({ "mcp.method.name": "tools/call", [SUSPENDED_ATTRIBUTE]: false }))).toBe(true);
  });
});
