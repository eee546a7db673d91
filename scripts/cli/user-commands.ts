import type { Command } from "commander";
import { createUser } from "../../lib/auth/create-user";
import { findUsers } from "../../lib/auth/find-users";
import { updateUser } from "../../lib/auth/update-user";
import { db } from "../../lib/db";
import { ApiError } from "../../lib/http/errors";
import type { Run } from "../warden";

const actor = () => ({ email: `cli:${process.env.USER ?? "unknown"}`, ip: "cli" });
const collect = (v: string, prev: string[]) => [...prev, ...v.split(",").map((s) => s.trim()).filter(Boolean)];

async function idOf(email: string): Promise<string> {
  const u = await db().user.findUnique({ where: { email: email.toLowerCase() } });
  if (!u) throw new ApiError("not_found", `No user with email ${email}.`);
  return u.id;
}

export function registerUserCommands(program: Command, run: Run) {
  const user = program.command("user").description("manage people who sign in");
  user
    .command("create")
    .requiredOption("--email <email>")
    .option("--role <role>", "role (repeat or comma-separate): admin, security, reviewer, manager, viewer", collect, [])
    .option("--name <name>")
    .option("--team <team>")
    .option("--password <password>", "omit to generate one (printed once)")
    .action((o) => run(() => createUser({ input: { email: o.email, roles: o.role.length ? o.role : ["viewer"], name: o.name, team: o.team, password: o.password }, actor: actor() })));
  user.command("list").action(() => run(async () => ({ users: await findUsers() })));
  user
    .command("set-roles")
    .requiredOption("--email <email>")
    .requiredOption("--role <role>", "role (repeat or comma-separate)", collect, [])
    .action((o) => run(async () => ({ user: await updateUser({ id: await idOf(o.email), input: { roles: o.role }, actor: actor() }) })));
  user
    .command("deactivate")
    .requiredOption("--email <email>")
    .action((o) => run(async () => ({ user: await updateUser({ id: await idOf(o.email), input: { active: false }, actor: actor() }) })));
  user
    .command("activate")
    .requiredOption("--email <email>")
    .action((o) => run(async () => ({ user: await updateUser({ id: await idOf(o.email), input: { active: true }, actor: actor() }) })));
}
