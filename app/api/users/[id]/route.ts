import { withSession } from "@/lib/http/route";
import { UpdateUserBody } from "@/lib/auth/schema";
import { updateUser } from "@/lib/auth/update-user";
import { publish } from "@/lib/realtime/publish";

// PATCH /api/users/{id} — roles, profile, password, active.
export const PATCH = withSession({ permission: "users:write", body: UpdateUserBody }, async ({ body, actor, params }) => {
  const user = await updateUser({ id: params.id, input: body, actor });
  publish("users", user.id);
  return { user };
});
