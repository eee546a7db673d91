import { describe, expect, it } from "vitest";
import type { KillSwitchView } from "./schema";
import { toKillSwitchBanner } from "./to-kill-switch-banner";

const view = (kind: KillSwitchView["kind"], value: string, label = value): KillSwitchView => ({
  id: `id-${value}`,
  kind,
  value,
  label,
  reason: "stolen laptop",
  createdAt: "2026-12-06T10:00:00.000Z",
  createdByEmail: "sec@example.com",
  liftedAt: null,
  liftedByEmail: null,
});

describe("the kill-switch banner for roles that do not manage kill switches", () => {
  it("keeps each switch's kind and only server and gateway names: no user or agent id, reason, author or id", () => {
    const banner = toKillSwitchBanner([view("user", "ana@example.com"), view("agent", "agent-7"), view("server", "snowflake"), view("gateway", "6f1c", "edge-prod")]);
    expect(banner).toEqual([
      { kind: "user", label: null },
      { kind: "agent", label: null },
      { kind: "server", label: "snowflake" },
      { kind: "gateway", label: "edge-prod" },
    ]);
    expect(JSON.stringify(banner)).not.toMatch(/ana@|agent-7|stolen|sec@|6f1c|id-/);
  });
});
