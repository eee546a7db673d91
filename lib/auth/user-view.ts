import type { User } from "../generated/prisma/client";

/** What the API and the audit log show of a user: never the password hash. */
export function userView(u: User) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    team: u.team,
    roles: u.roles,
    active: u.active,
    lastLoginAt: u.lastLoginAt,
    createdAt: u.createdAt,
  };
}
export type UserView = ReturnType<typeof userView>;
