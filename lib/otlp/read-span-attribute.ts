import type { OtlpSpan, OtlpValue } from "./types";

/**
 * Attribute renames in the GenAI/MCP semantic conventions' history: the current name, then the older names
 * still accepted (newest first). Checked against open-telemetry/semantic-conventions-genai (docs/gen-ai/mcp.md,
 * 2026-12): the MCP spans record `jsonrpc.request.id`, `rpc.response.status_code` and `gen_ai.provider.name`.
 */
export const ATTRIBUTE_RENAMES: Readonly<Record<string, readonly string[]>> = {
  "jsonrpc.request.id": ["rpc.jsonrpc.request_id", "mcp.request.id"],
  "rpc.response.status_code": ["rpc.status_code", "rpc.jsonrpc.error_code"],
  "gen_ai.provider.name": ["gen_ai.system"],
  "gen_ai.tool.name": ["mcp.tool.name"],
};

/**
 * A span attribute by its current name or any older name (ATTRIBUTE_RENAMES), or undefined. With
 * `resource: true` the resource's attributes are read when the span has none of the names.
 */
const NAMES = new Map(Object.entries(ATTRIBUTE_RENAMES).map(([name, old]) => [name, [name, ...old]]));

export function readSpanAttribute(span: OtlpSpan, name: string, opts: { resource?: boolean } = {}): OtlpValue | undefined {
  const names = NAMES.get(name) ?? [name];
  for (const n of names) if (span.attributes.has(n)) return span.attributes.get(n);
  if (opts.resource) for (const n of names) if (span.resource.has(n)) return span.resource.get(n);
  return undefined;
}

/** The attribute as text when it is a string, an integer (int64 strings) or a number; else undefined. */
export function readSpanText(span: OtlpSpan, name: string, opts: { resource?: boolean } = {}): string | undefined {
  const v = readSpanAttribute(span, name, opts);
  if (typeof v === "string") return v === "" ? undefined : v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return undefined;
}
