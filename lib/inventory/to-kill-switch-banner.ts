import type { KillSwitchBannerItem, KillSwitchView } from "./schema";

/**
 * What the kill-switch banner shows to a role that does not manage kill switches (docs/inventory.md, "Kill
 * switches and roles"): each active switch's kind, with the name only for a server or a gateway — shared
 * infrastructure whose names every dashboard role already sees, and which explains why calls fail. No
 * user or agent id (who is switched off is an incident's personal detail), no reason (incident notes), no
 * who or when.
 */
export function toKillSwitchBanner(active: KillSwitchView[]): KillSwitchBannerItem[] {
  return active.map((k) => ({ kind: k.kind, label: k.kind === "server" || k.kind === "gateway" ? k.label : null }));
}
