import { globMatch } from "../../approvals/glob-match";
import type { GatewayPolicy } from "../warden/create-warden-gateway-api";
import type { ChainConfig } from "./chain-config";
import type { ToolSettings } from "./stage";

// A tool's cost per call, timeout and rate limit: each value from Warden's central `tools[]` when it sets
// one, else from the first matching override in the gateway's config, else the default (no cost, the
// config's default timeout, no limit).

export function resolveToolSettings(o: { policy: GatewayPolicy | null; config: ChainConfig; server: string; tool: string }): ToolSettings {
  const central = o.policy?.tools?.find((t) => globMatch(t.server, o.server) && globMatch(t.tool, o.tool));
  const local = Object.entries(o.config.tools ?? {}).find(([key]) => {
    const slash = key.indexOf("/");
    return slash > 0 && globMatch(key.slice(0, slash), o.server) && globMatch(key.slice(slash + 1), o.tool);
  })?.[1];
  const cost = central?.costPerCallUsd ?? local?.costPerCallUsd ?? null;
  const costNumber = cost === null || cost === undefined ? null : Number(cost);
  return {
    costPerCallUsd: costNumber !== null && Number.isFinite(costNumber) && costNumber > 0 ? costNumber : null,
    timeoutMs: positive(central?.timeoutMs) ?? positive(local?.timeoutMs) ?? o.config.defaults.timeoutMs,
    rateLimitPerMinute: positive(central?.rateLimitPerMinute) ?? positive(local?.rateLimitPerMinute) ?? null,
  };
}

const positive = (n: number | null | undefined) => (typeof n === "number" && Number.isFinite(n) && n > 0 ? n : null);
