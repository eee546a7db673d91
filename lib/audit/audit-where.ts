import "server-only";
import { ApiError } from "../http/errors";
import type { Prisma } from "../generated/prisma/client";
import type { AuditFilter } from "./schema";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The Prisma where of the audit log's filters (shared by the list and the CSV export). */
export function auditWhere(f: AuditFilter): Prisma.AuditLogWhereInput {
  if (f.from && f.to && Date.parse(f.to) <= Date.parse(f.from)) {
    throw new ApiError("invalid_request", "from must be before to.", { issues: [{ path: "from", message: "must be before to" }] });
  }
  return {
    ...(f.actor ? (UUID.test(f.actor) ? { actorId: f.actor } : { actorEmail: { contains: f.actor, mode: "insensitive" } }) : {}),
    ...(f.action ? (f.action.endsWith(".") ? { action: { startsWith: f.action } } : { action: f.action }) : {}),
    ...(f.targetType ? { targetType: f.targetType } : {}),
    ...(f.targetId ? { targetId: f.targetId } : {}),
    ...(f.from || f.to ? { at: { ...(f.from ? { gte: new Date(f.from) } : {}), ...(f.to ? { lt: new Date(f.to) } : {}) } } : {}),
  };
}
