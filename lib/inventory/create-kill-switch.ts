import "server-only";
import { z } from "zod";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { TX_OPTIONS } from "../gateways/tx-options";
import { CreateKillSwitchBody, type KillSwitchView } from "./schema";
import { killSwitchView } from "./kill-switch-view";

/**
 * POST /api/kill-switches: blocks a user, an agent, a server or a whole gateway (named by id or name;
 * stored by id) in every gateway's policy from its next refresh, until lifted. 409 when the same switch is
 * already on. Audited.
 */
export async function createKillSwitch(opts: { input: CreateKillSwitchBody; actor: AuditActor }): Promise<KillSwitchView> {
  const input = CreateKillSwitchBody.parse(opts.input);
  let value = input.value;
  let label = input.value;
  if (input.kind === "gateway") {
    const gw = await db().gateway.findFirst({ where: z.uuid().safeParse(value).success ? { OR: [{ id: value }, { name: value }] } : { name: value } });
    if (!gw) throw new ApiError("invalid_request", `No gateway ${value}.`, { issues: [{ path: "value", message: "no such gateway" }] });
    value = gw.id;
    label = gw.name;
  }
  try {
    return await db().$transaction(async (tx) => {
      const k = await tx.killSwitch.create({
        data: { kind: input.kind, value, reason: input.reason, createdById: opts.actor.id ?? null, createdByEmail: opts.actor.email ?? null },
      });
      const view = killSwitchView(k, label);
      await recordAudit(tx, { actor: opts.actor, action: "kill_switch.create", targetType: "kill_switch", targetId: k.id, after: view });
      return view;
    }, TX_OPTIONS);
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") throw new ApiError("conflict", `A kill switch on ${input.kind} ${label} is already on.`);
    throw err;
  }
}
