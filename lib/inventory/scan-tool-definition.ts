import { scanValue } from "../guards/scan-value";
import type { Finding } from "../guards/types";

const MAX_FINDINGS = 200;

/**
 * The findings of one tool definition as the inventory shows them: every string and key of it (name,
 * title, description, schema texts, annotations) scanned as a tool description — where a model reads it —
 * by the guards' fast scan (injection, shadowing, hidden Unicode, ANSI, encoded payloads, exfiltration
 * links). Each finding's `path` is the JSON pointer of the string. Pure.
 */
export function scanToolDefinition(definition: Record<string, unknown>): Finding[] {
  return scanValue({ value: definition, where: "tool_description" }).slice(0, MAX_FINDINGS);
}
