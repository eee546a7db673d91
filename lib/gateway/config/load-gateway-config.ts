import { readFile } from "node:fs/promises";
import { resolve, dirname } from "node:path";
import { z } from "zod";
import { GatewayConfig } from "./schema";

export class GatewayConfigError extends Error {
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = "GatewayConfigError";
  }
}

/** One issue per line: `mcpServers.fs.comand: unknown field "comand"`. Unknown keys are named one by one. */
export function formatConfigIssues(error: z.ZodError): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  for (const issue of error.issues) {
    const base = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) out.push({ path: [...base, key].join("."), message: `unknown field "${key}"` });
    } else {
      out.push({ path: base.join(".") || "(root)", message: issue.message });
    }
  }
  return out;
}

/** Parses a config object; throws GatewayConfigError naming every bad or unknown field with its path. */
export function parseGatewayConfig(o: { value: unknown; source?: string }): GatewayConfig {
  const parsed = GatewayConfig.safeParse(o.value);
  if (parsed.success) return parsed.data;
  const issues = formatConfigIssues(parsed.error);
  throw new GatewayConfigError(
    `invalid gateway config${o.source ? ` ${o.source}` : ""}:\n` + issues.map((i) => `  ${i.path}: ${i.message}`).join("\n"),
    issues,
  );
}

/** Reads and validates the gateway's JSON config. Relative spool/CA/cert paths resolve against the file's folder. */
export async function loadGatewayConfig(o: { path: string }): Promise<GatewayConfig> {
  const file = resolve(o.path);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new GatewayConfigError(`cannot read gateway config ${file}: ${(e as NodeJS.ErrnoException).code ?? e}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new GatewayConfigError(`gateway config ${file} is not valid JSON: ${(e as Error).message}`);
  }
  const config = parseGatewayConfig({ value, source: file });
  const base = dirname(file);
  config.spool.dir = resolve(base, config.spool.dir);
  for (const server of Object.values(config.mcpServers)) {
    if ("url" in server) {
      if (server.caFile) server.caFile = resolve(base, server.caFile);
      if (server.clientCertFile) server.clientCertFile = resolve(base, server.clientCertFile);
      if (server.clientKeyFile) server.clientKeyFile = resolve(base, server.clientKeyFile);
    }
  }
  return config;
}
