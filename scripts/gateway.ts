// warden-gateway: `npm run -s gateway -- --config FILE [--stdio]` (or `npx warden-gateway …`).
// An MCP proxy that puts Warden's policy, limits, approvals and recording in front of MCP servers.
// docs/gateway.md describes the config file. Logs are JSON on stderr; in --stdio mode stdout is MCP only.
import { Command } from "commander";
import { loadGatewayConfig, GatewayConfigError } from "../lib/gateway/config/load-gateway-config";
import { createGatewayLog } from "../lib/gateway/log";
import { startGateway } from "../lib/gateway/start-gateway";
import { GATEWAY_VERSION } from "../lib/gateway/version";

const program = new Command()
  .name("warden-gateway")
  .version(GATEWAY_VERSION)
  .requiredOption("--config <file>", "the gateway's JSON config (docs/gateway.md)")
  .option("--stdio", "serve one MCP client on stdin/stdout (identity from the config)")
  .option("--check", "validate the config and exit")
  .option("--log-level <level>", "pino level", process.env.LOG_LEVEL ?? "info")
  .configureOutput({ writeOut: (s) => process.stderr.write(s), writeErr: (s) => process.stderr.write(s) })
  .parse();

const opts = program.opts<{ config: string; stdio?: boolean; check?: boolean; logLevel: string }>();
const log = createGatewayLog({ level: opts.logLevel });

async function main() {
  const config = await loadGatewayConfig({ path: opts.config });
  if (opts.check) {
    process.stderr.write(`config ok: ${Object.keys(config.mcpServers).length} servers\n`);
    return;
  }
  if (!opts.stdio && !config.listeners.http) throw new GatewayConfigError("nothing to serve: pass --stdio or configure listeners.http");
  const gateway = await startGateway({ config, stdio: !!opts.stdio, log });
  const stop = (signal: string) => {
    log.info({ signal }, "signal received");
    void gateway.shutdown();
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
  await gateway.closed;
  log.flush();
  setTimeout(() => process.exit(0), 100).unref();
}

main().catch((e) => {
  if (e instanceof GatewayConfigError) process.stderr.write(`${e.message}\n`);
  else log.error({ err: (e as Error).message }, "warden-gateway failed to start");
  log.flush();
  setTimeout(() => process.exit(e instanceof GatewayConfigError ? 2 : 1), 100);
});
