// An MCP server over HTTPS that requires a client certificate (mTLS), for the gateway's TLS upstream test.
// Run as a child: node --import tsx tests/gateway/proxy-tls-upstream.ts <port> <dir with ca.pem, server.pem, server-key.pem>
import { readFileSync } from "node:fs";
import { createServer } from "node:https";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { McpServer } from "@modelcontextprotocol/server";
import { NodeStreamableHTTPServerTransport } from "@modelcontextprotocol/node";
import { z } from "zod";

const [port, dir] = process.argv.slice(2) as [string, string];
const transports = new Map<string, NodeStreamableHTTPServerTransport>();
const server = createServer(
  { key: readFileSync(path.join(dir, "server-key.pem")), cert: readFileSync(path.join(dir, "server.pem")), ca: readFileSync(path.join(dir, "ca.pem")), requestCert: true, rejectUnauthorized: true },
  async (req, res) => {
    const id = req.headers["mcp-session-id"];
    let transport = typeof id === "string" ? transports.get(id) : undefined;
    if (!transport) {
      const mcp = new McpServer({ name: "tls-upstream", version: "1.0.0" });
      mcp.registerTool("whoami", { inputSchema: z.object({}) }, async () => ({
        content: [{ type: "text", text: `client cert CN=${(req.socket as import("node:tls").TLSSocket).getPeerCertificate().subject?.CN}` }],
      }));
      const t: NodeStreamableHTTPServerTransport = new NodeStreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID(), onsessioninitialized: (sid) => void transports.set(sid, t) });
      await mcp.connect(t);
      transport = t;
    }
    await transport.handleRequest(req, res);
  },
);
server.listen(Number(port), "127.0.0.1", () => process.stdout.write("listening\n"));
