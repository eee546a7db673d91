import { z } from "zod";
import { ROLES } from "./permissions";

export const RoleSchema = z.enum(ROLES);
const Email = z.string().trim().toLowerCase().email().max(254);
const Password = z.string().min(12, "must be at least 12 characters").max(256);

// POST /api/users
export const CreateUserBody = z
  .object({
    email: Email,
    name: z.string().trim().max(120).optional(),
    team: z.string().trim().max(120).optional(),
    roles: z.array(RoleSchema).min(1, "give the user at least one role").max(ROLES.length),
    password: Password.optional(),
  })
  .strict();
export type CreateUserBody = z.infer<typeof CreateUserBody>;

// PATCH /api/users/{id}
export const UpdateUserBody = z
  .object({
    name: z.string().trim().max(120).nullable().optional(),
    team: z.string().trim().max(120).nullable().optional(),
    roles: z.array(RoleSchema).min(1).max(ROLES.length).optional(),
    active: z.boolean().optional(),
    password: Password.optional(),
  })
  .strict();
export type UpdateUserBody = z.infer<typeof UpdateUserBody>;

export const LoginBody = z.object({ email: Email, password: z.string().min(1).max(256) });
