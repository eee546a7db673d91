import "server-only";
import { z } from "zod";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { TX_OPTIONS } from "../gateways/tx-options";
import type { KillSwitchView } from "./schema";
import { killSwitchView } from "./kill-switch-view";

/** POST /api/kill-switches/{id}/lift: lifts an active kill switch (409 when already lifted). Audited. */
export async function liftKillSwitch(opts: { id: string; actor: AuditActor }): Promise<KillSwitchView> {
  if (!z.uuid().safeParse(opts.id).success) throw new ApiError("not_found", `No kill switch ${opts.id}.`);
  return db().$transaction(async (tx) => {
    const n = await tx.killSwitch.updateMany({
      where: { id: opts.id, liftedAt: null },
      data: { liftedAt: new Date(), liftedById: opts.actor.id ?? null, liftedByEmail: opts.actor.email ?? null },
    });
    const k = await tx.killSwitch.findUnique({ where: { id: opts.id } });
    if (!k) throw new ApiError("not_found", `No kill switch ${opts.id}.`);
    if (n.count === 0) throw new ApiError("conflict", "This kill switch is already lifted.");
    const view = killSwitchView(k);
    await recordAudit(tx, { actor: opts.actor, action: "kill_switch.lift", targetType: "kill_switch", targetId: k.id, before: { ...view, liftedAt: null, liftedByEmail: null }, after: view });
    return view;
  }, TX_OPTIONS);
}
