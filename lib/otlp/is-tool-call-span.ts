import { readSpanAttribute, readSpanText } from "./read-span-attribute";
import type { OtlpSpan } from "./types";

/** Set by warden-gateway on the SERVER span of a round that ended with `input_required` (a resumable approval hold). */
export const SUSPENDED_ATTRIBUTE = "warden.call.suspended";

/**
 * Whether a span is a tool call, and so an audit event: MCP `mcp.method.name` = `tools/call`, or GenAI
 * `gen_ai.operation.name` = `execute_tool`. Everything else (initialize, tools/list, invoke_agent, chat, HTTP
 * spans…) is not an event, and not a rejection either. Nor is a gateway's suspended round: the call is not
 * over (its `warden.event.id` belongs to the round that finishes it, which the gateway reports itself).
 */
export function isToolCallSpan(span: OtlpSpan): boolean {
  if (readSpanAttribute(span, SUSPENDED_ATTRIBUTE) === true) return false;
  return readSpanText(span, "mcp.method.name") === "tools/call" || readSpanText(span, "gen_ai.operation.name") === "execute_tool";
}
