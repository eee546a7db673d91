import type { KillSwitch } from "../generated/prisma/client";
import type { KillSwitchKind, KillSwitchView } from "./schema";

/** A kill switch as the dashboard and the audit log show it (`label`: a gateway's name, else the value). */
export function killSwitchView(k: KillSwitch, label?: string): KillSwitchView {
  return {
    id: k.id,
    kind: k.kind as KillSwitchKind,
    value: k.value,
    label: label ?? k.value,
    reason: k.reason,
    createdAt: k.createdAt.toISOString(),
    createdByEmail: k.createdByEmail,
    liftedAt: k.liftedAt?.toISOString() ?? null,
    liftedByEmail: k.liftedByEmail,
  };
}
