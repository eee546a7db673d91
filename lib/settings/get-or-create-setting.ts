import { db } from "../db";

/** Reads a setting, creating it with `create()` first if absent; concurrent first starts agree on one value. */
export async function getOrCreateSetting(key: string, create: () => string): Promise<string> {
  await db().setting.createMany({ data: [{ key, value: create() }], skipDuplicates: true });
  const row = await db().setting.findUniqueOrThrow({ where: { key } });
  return row.value;
}
