import "server-only";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";

// The detector's own bookkeeping, in anomaly_state: when it last ran, whether it seeded the known values.
export interface DetectorState {
  lastRunAt?: string;
  bootstrappedAt?: string;
}

const KEY = "detector";

export async function getDetectorState(): Promise<DetectorState> {
  const row = await db().anomalyState.findUnique({ where: { key: KEY } });
  return (row?.value as DetectorState | undefined) ?? {};
}

export async function saveDetectorState(tx: Prisma.TransactionClient, state: DetectorState): Promise<void> {
  const value = state as Prisma.InputJsonValue;
  await tx.anomalyState.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } });
}
