import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { ApiError } from "../http/errors";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import { hashPassword } from "./password";
import { CreateUserBody } from "./schema";
import { userView, type UserView } from "./user-view";

export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}

/**
 * Creates a user. Without a password one is generated and returned once (the invite), never stored
 * in clear.
 */
export async function createUser(opts: {
  input: CreateUserBody;
  actor: AuditActor;
}): Promise<{ user: UserView; generatedPassword?: string }> {
  const input = CreateUserBody.parse(opts.input);
  const generatedPassword = input.password ? undefined : generatePassword();
  const passwordHash = await hashPassword(input.password ?? generatedPassword!);
  try {
    const user = await db().$transaction(async (tx) => {
      const u = await tx.user.create({
        data: { email: input.email, name: input.name, team: input.team, roles: input.roles, passwordHash },
      });
      await recordAudit(tx, { actor: opts.actor, action: "user.create", targetType: "user", targetId: u.id, after: userView(u) });
      return u;
    });
    return { user: userView(user), generatedPassword };
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      throw new ApiError("conflict", `A user with email ${input.email} already exists.`);
    }
    throw err;
  }
}
