/**
 * Parses WARDEN_OTLP_SERVER_MAP: `address[:port]=name,…` (e.g. `mcp.internal:8443=github,10.0.0.7=filesystem`),
 * how a CLIENT span's `server.address`/`server.port` is named in Warden. Throws an Error naming a bad entry.
 */
export function parseServerMap(raw: string | undefined): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (const entry of (raw ?? "").split(",")) {
    if (entry.trim() === "") continue;
    const eq = entry.lastIndexOf("=");
    const address = entry.slice(0, eq).trim();
    const name = entry.slice(eq + 1).trim();
    if (eq < 0 || !address || !name) throw new Error(`entry "${entry.trim()}" is not address[:port]=name`);
    map.set(address, name);
  }
  return map;
}
