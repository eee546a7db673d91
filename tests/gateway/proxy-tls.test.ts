import { spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestGateway } from "../support/gateways";
import { cleanupProxies, freePort, httpClient, startGatewayChild, tempDir, textOf, waitFor, writeGatewayConfig } from "./proxy-support";

// An HTTP upstream over TLS: verified against the configured CA file, with the configured client
// certificate (mTLS). Without the CA the gateway refuses the server's certificate.

let gw: Awaited<ReturnType<typeof createTestGateway>>;
let certs: string;
let upstreamUrl: string;
const token = randomBytes(24).toString("base64url");
const openssl = (args: string[]) => {
  const r = spawnSync("openssl", args, { cwd: certs, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`openssl ${args.join(" ")}: ${r.stderr}`);
};

beforeAll(async () => {
  gw = await createTestGateway();
  certs = await tempDir("certs-");
  openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca-key.pem", "-out", "ca.pem", "-days", "2", "-subj", "/CN=test-ca"]);
  for (const [name, cn] of [["server", "127.0.0.1"], ["client", "warden-gateway"]] as const) {
    openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}-key.pem`, "-out", `${name}.csr`, "-subj", `/CN=${cn}`]);
    const ext = path.join(certs, `${name}.ext`);
    await import("node:fs/promises").then((fs) => fs.writeFile(ext, name === "server" ? "subjectAltName=IP:127.0.0.1\n" : "extendedKeyUsage=clientAuth\n"));
    openssl(["x509", "-req", "-in", `${name}.csr`, "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial", "-out", `${name}.pem`, "-days", "2", "-extfile", ext]);
  }
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("tests/gateway/proxy-tls-upstream.ts"), String(port), certs], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  stopUpstream = () => {
    child.stdout!.destroy();
    child.kill("SIGKILL");
  };
  await waitFor(async () => out.includes("listening"), 60_000, "the TLS upstream");
  upstreamUrl = `https://127.0.0.1:${port}/mcp`;
});
let stopUpstream = () => {};
afterAll(async () => {
  await cleanupProxies();
  stopUpstream();
});

async function gatewayWith(upstream: Record<string, unknown>) {
  const port = await freePort();
  const { file } = await writeGatewayConfig({
    mcpServers: { secure: { url: upstreamUrl, ...upstream } },
    listeners: { http: { host: "127.0.0.1", port } },
    auth: { staticTokens: [{ name: "tls", sha256: createHash("sha256").update(token).digest("hex"), userId: "tls-user" }] },
  });
  return startGatewayChild({ file, apiKey: gw.apiKey });
}

describe("warden-gateway HTTP upstream over TLS", () => {
  it("with the CA file and a client certificate (mTLS) the upstream's tools are served", async () => {
    const g = await gatewayWith({ caFile: path.join(certs, "ca.pem"), clientCertFile: path.join(certs, "client.pem"), clientKeyFile: path.join(certs, "client-key.pem") });
    const client = await httpClient(`${g.url}/mcp/secure`, token);
    expect(textOf(await client.callTool({ name: "whoami", arguments: {} }))).toContain("CN=warden-gateway");
  });

  it("without the CA file the server's certificate is not trusted: the upstream stays down and calls fail", async () => {
    const g = await gatewayWith({});
    const health = await waitFor(async () => {
      const h = await (await fetch(`${g.url}/healthz`)).json();
      return h.upstreams[0].restarts >= 1 ? h : null;
    }, 60_000, "a failed connection attempt");
    expect(health.upstreams[0].status).not.toBe("up");
    expect(g.logs.some((l) => l.includes("upstream connection failed"))).toBe(true);
  });
});
