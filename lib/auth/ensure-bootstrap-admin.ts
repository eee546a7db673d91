import "server-only";
import { db } from "../db";
import { ApiError } from "../http/errors";
import { createUser, generatePassword } from "./create-user";

/**
 * First start: when no admin exists, create one from WARDEN_ADMIN_EMAIL / WARDEN_ADMIN_PASSWORD, or
 * generate a password and return it so the caller can print it once.
 */
export async function ensureBootstrapAdmin(opts: { email?: string; password?: string }): Promise<
  { created: false } | { created: true; email: string; generatedPassword?: string }
> {
  const admins = await db().user.count({ where: { roles: { has: "admin" } } });
  if (admins > 0) return { created: false };
  const email = opts.email ?? "admin@warden.local";
  const password = opts.password ?? generatePassword();
  try {
    await createUser({
      input: { email, roles: ["admin"], password, name: "Administrator" },
      actor: { email: "system", ip: null },
    });
  } catch (err) {
    // Another instance starting at the same moment created it first.
    if (err instanceof ApiError && err.code === "conflict") return { created: false };
    throw err;
  }
  return { created: true, email, generatedPassword: opts.password ? undefined : password };
}
