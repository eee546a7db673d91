// Warden's one process: Next.js, socket.io and the job runner on one port, on the embedded Postgres
// unless DATABASE_URL names another one.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import next from "next";
import { EnvError, parseEnv } from "./lib/env";
import { log } from "./lib/log";
import { superviseEmbeddedPostgres } from "./lib/db/supervise-embedded-postgres";
import { beginServerShutdown } from "./lib/lifecycle/server-shutdown";
import { applyMigrations } from "./lib/db/migrate";
import { closeDb } from "./lib/db";
import { getOrCreateSetting } from "./lib/settings/get-or-create-setting";
import { ensureBootstrapAdmin } from "./lib/auth/ensure-bootstrap-admin";
import { startRealtime } from "./lib/realtime/socket-server";
import { startJobs, stopJobs } from "./lib/jobs/job-runner";
import { ALL_JOBS } from "./lib/jobs/all-jobs";
import { installJobQueues } from "./lib/jobs/install-job-queues";
import { startMetrics } from "./lib/telemetry/start-metrics";
import { startDemo } from "./lib/demo/start-demo";
import { createGatewayApi } from "./lib/http/serve-gateway-api";
import { refuseBadRequestTarget } from "./lib/http/refuse-bad-request-target";

process.env.NEXT_TELEMETRY_DISABLED ??= "1";

async function main() {
  const started = Date.now();
  let env;
  try {
    env = parseEnv();
  } catch (err) {
    if (err instanceof EnvError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const shutdownSteps: (() => Promise<unknown>)[] = [];
  let stopEmbedded: (() => Promise<void>) | undefined;

  // 1. Database: the one named by DATABASE_URL, or an embedded Postgres in WARDEN_DATA_DIR.
  const embedded = !env.DATABASE_URL;
  if (embedded) {
    // Supervised: if Postgres dies under Warden it is restarted on the same port; if it cannot be, Warden
    // exits non-zero so that a process manager restarts the whole thing (never a server answering 503 forever).
    const pg = await superviseEmbeddedPostgres({
      dataDir: path.resolve(env.WARDEN_DATA_DIR),
      log: (msg) => log.info(msg),
      onGiveUp: (err) => {
        log.fatal({ err: String(err) }, "embedded Postgres cannot be restarted; exiting");
        process.exit(1);
      },
    });
    process.env.DATABASE_URL = pg.url;
    stopEmbedded = () => pg.stop();
    log.info({ port: pg.port, dataDir: env.WARDEN_DATA_DIR }, "embedded Postgres running");
  }
  const databaseUrl = process.env.DATABASE_URL!;
  const { applied } = await applyMigrations(databaseUrl);
  if (applied.length) log.info({ applied }, "migrations applied");

  // 2. Secrets: NEXTAUTH_SECRET from the environment, or one generated once and shared through the database.
  process.env.NEXTAUTH_SECRET ??= await getOrCreateSetting("nextauth_secret", () => randomBytes(32).toString("base64url"));

  // 3. Listen first (PORT=0 picks a free port), then tell next-auth its real origin.
  const nextReady: { handle?: (req: IncomingMessage, res: ServerResponse) => Promise<void> } = {};
  const gatewayApi = createGatewayApi(path.join(process.cwd(), "app"));
  const trustProxy = process.env.WARDEN_TRUST_PROXY === "1";
  const metrics = await startMetrics({ token: env.WARDEN_METRICS_TOKEN, port: env.WARDEN_METRICS_PORT, host: env.WARDEN_METRICS_HOST });
  shutdownSteps.push(() => metrics.close());
  const httpServer = createServer((req, res) => {
    // The client's address is ours to say: never trust a header the client sent unless behind a proxy.
    const forwarded = trustProxy ? String(req.headers["x-forwarded-for"] ?? "").split(",")[0].trim() : "";
    req.headers["x-real-ip"] = forwarded || req.socket.remoteAddress || "unknown";
    if (metrics.handle(req, res)) return; // GET /metrics (Prometheus; token-guarded), and counts every refusal
    if (refuseBadRequestTarget(req, res)) return; // malformed Host, %ZZ in the path, NUL in the query: 400 JSON
    if (!nextReady.handle) {
      res.writeHead(503, { "content-type": "application/json", "retry-after": "2" });
      res.end(JSON.stringify({ error: { code: "unavailable", message: "Warden is starting; retry shortly." } }));
      return;
    }
    if (gatewayApi(req, res)) return; // /api/v1/**: the same route handlers, without Next's pipeline
    void nextReady.handle(req, res);
  });
  await new Promise<void>((resolve) => httpServer.listen(env.PORT, env.HOST, resolve));
  const address = httpServer.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  const origin = env.WARDEN_PUBLIC_URL ?? env.NEXTAUTH_URL ?? `http://localhost:${port}`;
  process.env.NEXTAUTH_URL = origin;
  process.env.WARDEN_PUBLIC_URL = origin;

  const dev = process.env.NODE_ENV === "development";
  const app = next({ dev, dir: process.cwd(), hostname: "localhost", port, httpServer });
  await app.prepare();
  const handle = app.getRequestHandler();

  const io = startRealtime(httpServer, process.env.NEXTAUTH_SECRET);
  await installJobQueues(databaseUrl, ALL_JOBS);
  if (env.WARDEN_JOBS === "1") {
    await startJobs(databaseUrl, ALL_JOBS);
    shutdownSteps.push(() => stopJobs());
  }

  // 4. First start: an admin to sign in with.
  const admin = await ensureBootstrapAdmin({ email: env.WARDEN_ADMIN_EMAIL, password: env.WARDEN_ADMIN_PASSWORD });

  // Only now is Warden ready: until here every request got 503 "starting".
  nextReady.handle = (req, res) => handle(req, res);

  // 5. The living demo (embedded default only, unless asked for).
  const demoOn = env.WARDEN_DEMO ? env.WARDEN_DEMO === "1" : embedded;
  const demo = demoOn ? await startDemo({ baseUrl: `http://127.0.0.1:${port}` }) : null;

  log.info({ port, origin, ms: Date.now() - started }, "Warden is ready");
  const lines = [``, `  Warden is ready: ${origin}  (started in ${((Date.now() - started) / 1000).toFixed(1)} s)`];
  if (admin.created) {
    lines.push(`  Sign in as ${admin.email}`);
    if (admin.generatedPassword) lines.push(`  Generated password (shown once): ${admin.generatedPassword}`);
  }
  console.log(lines.join("\n") + "\n");

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    const force = setTimeout(() => {
      log.error("shutdown took longer than 15 s; exiting anyway");
      process.exit(1);
    }, 15_000);
    force.unref();
    // Long waits (approval long-polls) end now with a retryable 503 instead of holding the shutdown.
    beginServerShutdown();
    // The demo gateway is a client of this server: it stops first, while the server still answers it
    // (its long-polls end, its pending approval requests are withdrawn, its last events are sent).
    await demo?.stop().catch((err) => log.warn({ err: String(err) }, "shutdown step failed"));
    await new Promise<void>((resolve) => io.close(() => resolve()));
    for (const step of shutdownSteps) await step().catch((err) => log.warn({ err: String(err) }, "shutdown step failed"));
    await closeDb().catch(() => undefined);
    await stopEmbedded?.().catch((err) => log.warn({ err: String(err) }, "embedded Postgres did not stop cleanly"));
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((err) => {
  log.fatal({ err }, "Warden failed to start");
  console.error(`Warden failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
