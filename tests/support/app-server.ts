import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

export const TEST_ADMIN = { email: "admin@warden.test", password: "admin-password-for-tests-only" };
export const TEST_SECRET = "test-secret-0123456789-0123456789-abcdef";
export const TEST_SLACK_SIGNING_SECRET = "test-slack-signing-secret-0123456789";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === "object" && addr ? addr.port : 0));
    });
  });
}

export interface AppServer {
  url: string;
  port: number;
  logPath: string;
  pid: number;
  /** Resolves with the server's exit code (null when a signal killed it). */
  exited: Promise<number | null>;
  stop: () => Promise<void>;
}

/**
 * Starts the real Warden server (server.ts, production build) as a child process on a free port against
 * `databaseUrl` (null: its own embedded Postgres in `env.WARDEN_DATA_DIR`), and waits until /api/health answers. Its output goes to a log file the tests can read.
 */
export async function startAppServer(opts: { databaseUrl: string | null; env?: Record<string, string>; name?: string; port?: number }): Promise<AppServer> {
  const root = path.resolve(import.meta.dirname, "../..");
  const port = opts.port ?? (await freePort());
  const logDir = path.join(root, "test-results", "logs");
  mkdirSync(logDir, { recursive: true });
  const logPath = path.join(logDir, `${opts.name ?? "server"}-${port}.log`);
  const out = createWriteStream(logPath);
  const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
  // APP_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (or --trace-gc, …) runs the server under
  // those Node flags, with tsx as a loader so they apply to the server itself.
  const nodeArgs = (process.env.APP_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const baseEnv = { ...process.env };
  if (opts.databaseUrl === null) delete baseEnv.DATABASE_URL;
  const child: ChildProcess = spawn(process.execPath, nodeArgs.length ? [...nodeArgs, "--import", "tsx", "server.ts"] : [tsx, "--tsconfig", "tsconfig.node.json", "server.ts"], {
    cwd: root,
    env: {
      ...baseEnv,
      NODE_ENV: "production",
      // As `npm start` runs it: a 64 MiB young generation (ingest's parsed batches die young; measured:
      // half the scavenge time and fewer full collections than the default 16 MiB).
      NODE_OPTIONS: `--max-semi-space-size=64 ${process.env.NODE_OPTIONS ?? ""}`.trim(),
      TSX_TSCONFIG_PATH: "tsconfig.node.json",
      PORT: String(port),
      HOST: "127.0.0.1",
      ...(opts.databaseUrl === null ? {} : { DATABASE_URL: opts.databaseUrl }),
      NEXTAUTH_SECRET: TEST_SECRET,
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      WARDEN_PUBLIC_URL: `http://127.0.0.1:${port}`,
      WARDEN_ADMIN_EMAIL: TEST_ADMIN.email,
      WARDEN_ADMIN_PASSWORD: TEST_ADMIN.password,
      WARDEN_DEMO: "0",
      LOG_LEVEL: "info",
      // Tests wait on retried notification deliveries: retry after 1–2 s (doubling), not 5–10 s.
      WARDEN_WEBHOOK_RETRY_SECONDS: "1",
      // Slack's interactive-button requests are verified with this (tests sign theirs with it: TEST_SLACK_SIGNING_SECRET).
      SLACK_SIGNING_SECRET: TEST_SLACK_SIGNING_SECRET,
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const deadline = Date.now() + 120_000;
  for (;;) {
    const early = await Promise.race([exited, new Promise<"running">((r) => setTimeout(() => r("running"), 250))]);
    if (early !== "running") throw new Error(`Warden server exited with code ${early} during start; see ${logPath}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`Warden server did not become healthy within 120 s; see ${logPath}`);
    }
  }
  return {
    url,
    port,
    logPath,
    pid: child.pid!,
    exited,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
