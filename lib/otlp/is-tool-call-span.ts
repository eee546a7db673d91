import { readSpanText } from "./read-span-attribute";
import type { OtlpSpan } from "./types";

/**
 * Whether a span is a tool call, and so an audit event: MCP `mcp.method.name` = `tools/call`, or GenAI
 * `gen_ai.operation.name` = `execute_tool`. Everything else (initialize, tools/list, invoke_agent, chat, HTTP
 * spans…) is not an event, and not a rejection either.
 */
export function isToolCallSpan(span: OtlpSpan): boolean {
  return readSpanText(span, "mcp.method.name") === "tools/call" || readSpanText(span, "gen_ai.operation.name") === "execute_tool";
}
