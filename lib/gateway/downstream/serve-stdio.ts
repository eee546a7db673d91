import { StdioServerTransport } from "@modelcontextprotocol/server/stdio";
import { createProxyServer } from "./create-proxy-server";
import type { CallerIdentity, ProxyRuntime } from "./proxy-runtime";

/**
 * The stdio downstream: one MCP client (Claude Desktop, Cursor, VS Code…) spawned `warden-gateway --stdio`.
 * Every upstream aggregated with namespaced names; the acting user comes from config (identitySource
 * "config": unverified, and shown as such to reviewers).
 */
export async function serveStdio(o: { runtime: ProxyRuntime; identity: CallerIdentity; onClose: () => void }): Promise<void> {
  const session = createProxyServer({ runtime: o.runtime, scope: null, identityOf: () => o.identity });
  session.identity = o.identity;
  const transport = new StdioServerTransport();
  await session.server.connect(transport);
  const previous = session.server.onclose;
  session.server.onclose = () => {
    previous?.();
    o.onClose();
  };
  process.stdin.once("end", () => o.onClose());
}
