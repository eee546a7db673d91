import "server-only";
import { createHash } from "node:crypto";
import type { Prisma } from "../generated/prisma/client";

export interface AuditActor {
  id?: string | null;
  email?: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

export interface RecordAuditOptions {
  actor: AuditActor;
  action: string;
  targetType: string;
  targetId?: string | null;
  before?: unknown;
  after?: unknown;
}

export const GENESIS_HASH = "0".repeat(64);

/** Canonical JSON: keys sorted, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return "null";
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export interface ChainedFields {
  seq: bigint | number | string;
  at: Date;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  before: unknown;
  after: unknown;
  prevHash: string;
}

export function auditEntryHash(e: ChainedFields): string {
  const material = canonicalJson({
    seq: String(e.seq),
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorEmail: e.actorEmail,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    ip: e.ip,
    userAgent: e.userAgent,
    before: e.before ?? null,
    after: e.after ?? null,
    prevHash: e.prevHash,
  });
  return createHash("sha256").update(material).digest("hex");
}

// JSON round-trip so what we hash is exactly what jsonb will give back (no undefined, no Dates).
function plain(value: unknown): Prisma.InputJsonValue | undefined {
  return value === undefined || value === null ? undefined : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue);
}

/**
 * Appends one entry to the hash chain inside the caller's transaction, so the change and its audit row
 * commit together. A transaction-scoped advisory lock serialises appends, so the chain never forks.
 */
export async function recordAudit(tx: Prisma.TransactionClient, opts: RecordAuditOptions): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(727274001)`;
  const last = await tx.auditLog.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  const [{ seq }] = await tx.$queryRaw<{ seq: bigint }[]>`SELECT nextval(pg_get_serial_sequence('audit_log', 'seq')) AS seq`;
  const at = new Date();
  const fields: ChainedFields = {
    seq,
    at,
    actorId: opts.actor.id ?? null,
    actorEmail: opts.actor.email ?? null,
    action: opts.action,
    targetType: opts.targetType,
    targetId: opts.targetId ?? null,
    ip: opts.actor.ip ?? null,
    userAgent: opts.actor.userAgent?.slice(0, 500) ?? null,
    before: plain(opts.before) ?? null,
    after: plain(opts.after) ?? null,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  await tx.auditLog.create({
    data: {
      seq: BigInt(seq),
      at,
      actorId: fields.actorId,
      actorEmail: fields.actorEmail,
      action: fields.action,
      targetType: fields.targetType,
      targetId: fields.targetId,
      ip: fields.ip,
      userAgent: fields.userAgent,
      before: plain(opts.before),
      after: plain(opts.after),
      prevHash: fields.prevHash,
      hash: auditEntryHash(fields),
    },
  });
}
