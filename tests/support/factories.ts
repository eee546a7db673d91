import { randomUUID } from "node:crypto";
import { createUser } from "../../lib/auth/create-user";
import type { RoleName } from "../../lib/auth/permissions";
import { signIn, type Session } from "./http";

export const uniq = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** A user with the given roles and a known password, created through the same lib function the API uses. */
export async function createTestUser(opts: { roles: RoleName[]; team?: string; email?: string }) {
  const email = opts.email ?? `${uniq(opts.roles.join("-") || "user")}@warden.test`;
  const password = `pw-${randomUUID()}`;
  const { user } = await createUser({ input: { email, roles: opts.roles, password, team: opts.team }, actor: { email: "tests" } });
  return { ...user, password };
}

export async function createSignedInUser(opts: { roles: RoleName[]; team?: string }): Promise<Session & { id: string; password: string }> {
  const user = await createTestUser(opts);
  const session = await signIn(user.email, user.password);
  return { ...session, id: user.id, password: user.password };
}
