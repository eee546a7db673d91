import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { freePort, startAppServer, TEST_ADMIN, TEST_SECRET } from "../support/app-server";
import { createTestGateway } from "../support/gateways";
import { requestApproval } from "../approvals/approval-factory";
import { inject } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function postmasterPid(dataDir: string): Promise<number> {
  const text = await readFile(path.join(dataDir, "pg", "postmaster.pid"), "utf8");
  return Number.parseInt(text.split("\n")[0], 10);
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const healthy = (url: string) => async () => ((await fetch(`${url}/api/health`)).status === 200 ? true : undefined);

describe("server lifecycle", () => {
  it("SIGTERM ends an open approval long-poll at once with a retryable 503, and the server exits 0 after its cleanup", { timeout: 180_000 }, async () => {
    const gw = await createTestGateway();
    const { id } = await requestApproval(gw.apiKey, { timeoutSeconds: 600 });
    const token = "metrics-token-for-the-lifecycle-test-0123";
    const server = await startAppServer({ databaseUrl: inject("databaseUrl"), name: "sigterm-longpoll", env: { WARDEN_JOBS: "0", WARDEN_METRICS_TOKEN: token } });
    const poll = fetch(`${server.url}/api/v1/approvals/${id}?wait=60`, { headers: { authorization: `Bearer ${gw.apiKey}` } });
    // Until the server holds the long-poll (its gauge says so), instead of a fixed second that a loaded
    // machine may need more than.
    const held = async () => /^warden_approval_longpolls_held 1$/m.test(await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text());
    await expect.poll(held, { timeout: 30_000, interval: 100 }).toBe(true);
    process.kill(server.pid, "SIGTERM");
    const res = await poll;
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("1");
    expect((await res.json()).error.code).toBe("unavailable");
    // Exit code 0: the shutdown ran to its end (the 15 s force-exit exits 1).
    expect(await server.exited).toBe(0);
  });

  it("kill -9 of the embedded Postgres: Warden restarts it on the same port and answers again", { timeout: 240_000 }, async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "warden-crash-"));
    const server = await startAppServer({ databaseUrl: null, name: "pg-crash", env: { WARDEN_DATA_DIR: dataDir, WARDEN_JOBS: "1" } });
    try {
      const before = await postmasterPid(dataDir);
      process.kill(before, "SIGKILL");
      await until("Postgres to be gone", async () => (alive(before) ? undefined : true));
      await until("a new postmaster", async () => {
        const pid = await postmasterPid(dataDir);
        return pid !== before && alive(pid) ? pid : undefined;
      });
      await until("Warden healthy again", healthy(server.url));
      // A request that needs the database end to end: signing in.
      const csrf = await (await fetch(`${server.url}/api/auth/csrf`)).json();
      expect(typeof csrf.csrfToken).toBe("string");
      // Health can answer as soon as the new postmaster accepts connections, a moment before the supervisor
      // logs the restart (and the log file is written through a pipe): wait for the line.
      const log = await until("the restart in the log", async () => {
        const text = await readFile(server.logPath, "utf8");
        return text.includes("embedded postgres: restarted") ? text : undefined;
      });
      expect(log).not.toMatch(/uncaught|unhandled/i);
      expect(server.pid && alive(server.pid)).toBe(true);
    } finally {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`npm start hands ${signal} to the server: Warden and its Postgres stop in order, nothing is left running, no stack trace`, { timeout: 300_000 }, async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), `warden-npm-${signal}-`));
      const port = await freePort();
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        WARDEN_DATA_DIR: dataDir,
        WARDEN_DEMO: "0",
        NEXTAUTH_SECRET: TEST_SECRET,
        WARDEN_ADMIN_EMAIL: TEST_ADMIN.email,
        WARDEN_ADMIN_PASSWORD: TEST_ADMIN.password,
        WARDEN_DIST_DIR: process.env.WARDEN_DIST_DIR ?? ".next",
        LOG_LEVEL: "info",
      };
      delete env.DATABASE_URL;
      // Its own process group, as a terminal runs it: SIGINT goes to the whole group (Ctrl-C), SIGTERM to
      // npm alone (what a process manager does).
      const npm = spawn("npm", ["start"], { cwd: root, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      npm.stdout.on("data", (c) => (output += c));
      npm.stderr.on("data", (c) => (output += c));
      const exited = new Promise<number | null>((r) => npm.once("exit", (code) => r(code)));
      try {
        await until("npm start to serve", healthy(`http://127.0.0.1:${port}`), 240_000);
        const pgPid = await postmasterPid(dataDir);
        if (signal === "SIGINT") process.kill(-npm.pid!, "SIGINT");
        else process.kill(npm.pid!, "SIGTERM");
        await exited;
        await until("the server to stop answering", async () => {
          try {
            await fetch(`http://127.0.0.1:${port}/api/health`);
            return undefined;
          } catch {
            return true;
          }
        });
        await until("Postgres to stop", async () => (alive(pgPid) ? undefined : true), 30_000);
        expect(output).toContain("embedded postgres: stopped");
        expect(output).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
        expect(output).not.toMatch(/uncaught|unhandled/i);
      } finally {
        if (npm.exitCode === null) process.kill(-npm.pid!, "SIGKILL");
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  }
});
