import "server-only";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { DEFAULT_TRUST_POLICY, TrustPolicy } from "./schema";

export const DEFAULT_TRUST_SETTING_KEY = "inventory.default_trust_policy";

/** The trust policy of servers that have none of their own (a setting; `review` unless changed). */
export async function getDefaultTrustPolicy(tx: Prisma.TransactionClient = db()): Promise<TrustPolicy> {
  const row = await tx.setting.findUnique({ where: { key: DEFAULT_TRUST_SETTING_KEY } });
  const parsed = TrustPolicy.safeParse(row?.value);
  return parsed.success ? parsed.data : DEFAULT_TRUST_POLICY;
}
