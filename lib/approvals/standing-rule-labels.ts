import "server-only";
import { db } from "../db";
import { standingRuleLabel } from "./match-standing-rule";

/** "standing rule N" for each standing rule id that voted (one query, none for an empty list). */
export async function standingRuleLabels(ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db().standingRule.findMany({ where: { id: { in: unique } }, select: { id: true, number: true } });
  return new Map(rows.map((r) => [r.id, standingRuleLabel(r.number)]));
}
