import "server-only";
import { pool } from "../db";

export async function checkHealth(): Promise<{ status: "ok" | "degraded"; db: "ok" | "unreachable" }> {
  try {
    const client = await Promise.race([
      pool().query("SELECT 1"),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), 2000)),
    ]);
    void client;
    return { status: "ok", db: "ok" };
  } catch {
    return { status: "degraded", db: "unreachable" };
  }
}
