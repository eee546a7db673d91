import { describe, expect, it } from "vitest";
import { GatewayConfig } from "../config/schema";
import { listFailOpenSettings } from "./list-fail-open-settings";

const base = { warden: { url: "http://127.0.0.1:1" }, mcpServers: { s: { command: "node" } } };
const settings = (over: object, policyAgeSeconds: number | null = 1) =>
  listFailOpenSettings({ config: GatewayConfig.parse({ ...base, ...over }), policyAgeSeconds }).map((f) => f.setting);

describe("listFailOpenSettings (the heartbeat's failOpen)", () => {
  it("is empty with the defaults and a fresh policy", () => {
    expect(settings({})).toEqual([]);
  });

  it("names drop mode, the guards or the heavy output scan off, and a policy older than its limit", () => {
    expect(settings({ spool: { whenFull: "drop" } })).toEqual(["spool.whenFull"]);
    expect(settings({ guards: { heavyOutputs: { enabled: false } } })).toEqual(["guards.heavyOutputs"]);
    // Guards off turn the heavy scan off too: one setting says so, not two.
    expect(settings({ guards: { enabled: false, heavyOutputs: { enabled: false } } })).toEqual(["guards.enabled"]);
    expect(settings({ policyMaxAgeSeconds: 60 }, 61)).toEqual(["policy.age"]);
    expect(settings({ policyMaxAgeSeconds: 60 }, null)).toEqual([]);
  });
});
