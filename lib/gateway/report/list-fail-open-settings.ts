import type { GatewayConfig } from "../config/schema";

export interface FailOpenSetting {
  setting: string;
  detail: string;
}

/**
 * The settings with which this gateway lets calls through unguarded or unrecorded, for the heartbeat's
 * `failOpen` (each raises an alert in Warden): drop mode on, the guards or the heavy output scan off, a policy
 * older than its limit. Warden shows the heavy output scan as "off" for `guards.enabled` and
 * `guards.heavyOutputs` (lib/gateways/schema.ts HEAVY_OUTPUTS_OFF_SETTINGS): keep the names in step.
 */
export function listFailOpenSettings(o: {
  config: Pick<GatewayConfig, "spool" | "guards" | "policyMaxAgeSeconds">;
  policyAgeSeconds: number | null;
}): FailOpenSetting[] {
  const out: FailOpenSetting[] = [];
  if (o.config.spool.whenFull === "drop") out.push({ setting: "spool.whenFull", detail: "drop: when the spool is full, calls run and their events are dropped" });
  if (!o.config.guards.enabled)
    out.push({ setting: "guards.enabled", detail: "false: no guard checks params, outputs or tool lists, and no output is scanned by the heavy rules" });
  else if (!o.config.guards.heavyOutputs.enabled)
    out.push({ setting: "guards.heavyOutputs", detail: "off: tool, resource and prompt outputs are not scanned by the heavy rules" });
  const age = o.policyAgeSeconds;
  if (age !== null && age > o.config.policyMaxAgeSeconds)
    out.push({ setting: "policy.age", detail: `the policy was last confirmed by Warden ${age} s ago (limit ${o.config.policyMaxAgeSeconds} s)` });
  return out;
}
