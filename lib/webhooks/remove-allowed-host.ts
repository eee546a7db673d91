import "server-only";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { normalizeHost } from "./address-policy";

/** DELETE /api/allowed-hosts/{host} */
export async function removeAllowedHost(opts: { host: string; actor: AuditActor }): Promise<void> {
  const host = normalizeHost(opts.host);
  await db().$transaction(async (tx) => {
    const n = await tx.allowedWebhookHost.deleteMany({ where: { host } });
    if (n.count === 0) throw new ApiError("not_found", `${host} is not in the allowlist.`);
    await recordAudit(tx, { actor: opts.actor, action: "allowed_host.remove", targetType: "allowed_webhook_host", targetId: host, before: { host } });
  });
}
