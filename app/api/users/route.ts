import { withSession } from "@/lib/http/route";
import { CreateUserBody } from "@/lib/auth/schema";
import { createUser } from "@/lib/auth/create-user";
import { findUsers } from "@/lib/auth/find-users";
import { publish } from "@/lib/realtime/publish";

// GET /api/users
export const GET = withSession({ permission: "users:read" }, async () => ({ users: await findUsers() }));

// POST /api/users — returns a generated password once when none was given.
export const POST = withSession({ permission: "users:write", body: CreateUserBody }, async ({ body, actor }) => {
  const result = await createUser({ input: body, actor });
  publish("users", result.user.id);
  return Response.json(result, { status: 201 });
});
