/**
 * Tool and prompt names on the aggregated endpoint (`/mcp`, and stdio) are `<server>__<name>`: the config key
 * of the upstream, two underscores, the upstream's own name. Server names may not contain `__` (the config
 * refuses it), so the first `__` always splits correctly even when a tool's own name contains `__`.
 * `/mcp/<server>` keeps the upstream's own names.
 */
export const NAMESPACE_SEPARATOR = "__";

export function joinName(server: string, name: string): string {
  return `${server}${NAMESPACE_SEPARATOR}${name}`;
}

export function splitName(name: string): { server: string; name: string } | null {
  const at = name.indexOf(NAMESPACE_SEPARATOR);
  if (at <= 0) return null;
  return { server: name.slice(0, at), name: name.slice(at + NAMESPACE_SEPARATOR.length) };
}
