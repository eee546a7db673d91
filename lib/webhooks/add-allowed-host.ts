import "server-only";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { AddAllowedHostBody } from "../alerts/schema";
import { normalizeHost } from "./address-policy";

/**
 * POST /api/allowed-hosts: lets webhooks reach a host even though it resolves to a private, loopback or
 * link-local address (an internal receiver). Exact host names only — no wildcards.
 */
export async function addAllowedHost(opts: { input: AddAllowedHostBody; actor: AuditActor }): Promise<{ host: string; createdAt: string }> {
  const host = normalizeHost(AddAllowedHostBody.parse(opts.input).host);
  return db().$transaction(async (tx) => {
    const existing = await tx.allowedWebhookHost.findUnique({ where: { host } });
    if (existing) throw new ApiError("conflict", `${host} is already allowed.`);
    const row = await tx.allowedWebhookHost.create({ data: { host } });
    await recordAudit(tx, { actor: opts.actor, action: "allowed_host.add", targetType: "allowed_webhook_host", targetId: host, after: { host } });
    return { host: row.host, createdAt: row.createdAt.toISOString() };
  });
}
