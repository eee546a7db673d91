/**
 * What makes two stored findings of a tool version the same: the rule, at the same place in the definition.
 * A re-scan (rescan-tool-versions.ts) and the heavy rules (scan-tool-versions-heavy.ts) add and alert only
 * findings whose key the version does not have yet.
 */
export function findingKey(f: { rule?: unknown; path?: unknown }): string {
  return `${String(f.rule)} ${String(f.path ?? "")}`;
}
