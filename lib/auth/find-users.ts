import "server-only";
import { db } from "../db";
import { userView } from "./user-view";

export async function findUsers() {
  const users = await db().user.findMany({ orderBy: { email: "asc" }, take: 1000 });
  return users.map(userView);
}
