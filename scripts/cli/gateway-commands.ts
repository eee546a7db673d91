import type { Command } from "commander";
import { API_SCOPES } from "../../lib/gateways/api-key";
import { createApiKey } from "../../lib/gateways/create-api-key";
import { createGateway } from "../../lib/gateways/create-gateway";
import { findGateways } from "../../lib/gateways/find-gateways";
import { revokeApiKey } from "../../lib/gateways/revoke-api-key";
import { rotateApiKey } from "../../lib/gateways/rotate-api-key";
import type { Run } from "../warden";

const actor = () => ({ email: `cli:${process.env.USER ?? "unknown"}`, ip: "cli" });
const collect = (v: string, prev: string[]) => [...prev, ...v.split(",").map((s) => s.trim()).filter(Boolean)];
const scopeHelp = `scope (repeat or comma-separate; default all): ${API_SCOPES.join(", ")}`;

// Gateways and their API keys. A key's plaintext is printed once, here, and never stored.
export function registerGatewayCommands(program: Command, run: Run) {
  const gateway = program.command("gateway").description("register gateways (each gets a first API key)");
  gateway
    .command("create")
    .requiredOption("--name <name>")
    .option("--description <text>")
    .option("--owner-team <team>")
    .action((o) =>
      run(async () => {
        const gw = await createGateway({ input: { name: o.name, description: o.description, ownerTeam: o.ownerTeam }, actor: actor() });
        return { gatewayId: gw.gatewayId, name: gw.name, apiKey: gw.apiKey, keyId: gw.key.id };
      }),
    );
  gateway.command("list").action(() => run(async () => ({ gateways: await findGateways() })));

  const key = program.command("key").description("create, rotate and revoke gateway API keys");
  key
    .command("create")
    .requiredOption("--gateway <id>", "gateway id")
    .option("--name <name>")
    .option("--scope <scope>", scopeHelp, collect, [])
    .option("--expires-at <time>", "RFC 3339 expiry, e.g. 2030-01-01T00:00:00Z")
    .action((o) =>
      run(async () => {
        const { key: k, apiKey } = await createApiKey({
          gatewayId: o.gateway,
          input: { name: o.name, scopes: o.scope.length ? o.scope : undefined, expiresAt: o.expiresAt },
          actor: actor(),
        });
        return { gatewayId: k.gatewayId, keyId: k.id, apiKey, key: k };
      }),
    );
  key
    .command("rotate")
    .argument("<keyId>")
    .option("--grace-seconds <n>", "keep the old key working this long (default: revoke at once)")
    .action((keyId: string, o) =>
      run(async () => {
        const r = await rotateApiKey({ keyId, input: { graceSeconds: o.graceSeconds === undefined ? undefined : Number(o.graceSeconds) }, actor: actor() });
        return { keyId: r.key.id, apiKey: r.apiKey, key: r.key, previous: r.previous };
      }),
    );
  key
    .command("revoke")
    .argument("<keyId>")
    .action((keyId: string) => run(async () => ({ key: await revokeApiKey({ keyId, actor: actor() }) })));
}
