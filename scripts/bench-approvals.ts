// npm run bench:approvals — the approval round trip on this machine, on a fresh embedded Postgres and the
// real server (production build from WARDEN_DIST_DIR), over loopback:
//  (1) POST /api/v1/approvals → the reviewer's socket.io "change" message (a reviewer is connected with
//      the session cookie from a real sign-in);
//  (2) a reviewer's decision (POST /api/approvals/{id}/decision sent) → the gateway's
//      GET /api/v1/approvals/{id}?wait=30 long-poll returning with the outcome.
// p50/p99 over BENCH_APPROVALS requests (default 200), first alone, then with BENCH_LONG_POLLS other
// gateways (default 100) long-polling at once on approvals of their own. Target: p99 ≤ 100 ms both ways.
//  (3) POST /api/v1/approvals → the reviewer's notification by each channel they chose (lib/notifications):
//      browser (the socket's "approval-notice"), a Slack-compatible webhook (a loopback receiver) and
//      e-mail (a loopback SMTP listener), over BENCH_NOTIFY requests (default 100).
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { io, type Socket } from "socket.io-client";
import { withTemporaryPostgres } from "../lib/db/embedded-postgres";
import { applyMigrations } from "../lib/db/migrate";
import type { ChangeMessage } from "../lib/realtime/topics";
import { startAppServer, TEST_SECRET, type AppServer } from "../tests/support/app-server";
import { startSmtpListener } from "../tests/support/smtp-listener";
import { hashParams } from "../lib/approvals/hash-params";

const N = Number(process.env.BENCH_APPROVALS ?? 200);
const LONG_POLLS = Number(process.env.BENCH_LONG_POLLS ?? 100);
const WARMUP = 20;
const NOTIFY = Number(process.env.BENCH_NOTIFY ?? 100);
const DIST = process.env.WARDEN_DIST_DIR ?? ".next";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
function summary(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99), max: s[s.length - 1] };
}
const ms = (v: number) => `${v.toFixed(1)} ms`;

/** Signs in through next-auth's credentials endpoint, as the browser does, and returns the cookie header. */
async function sessionCookie(base: string, email: string, password: string): Promise<string> {
  const cookies = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies(csrf), origin: base },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const cookie = cookies(res);
  if (!cookie.includes("warden.session=")) throw new Error(`sign-in failed (${res.status})`);
  return cookie;
}

interface Gateway {
  gatewayId: string;
  apiKey: string;
}

class Bench {
  private arrivals = new Map<string, number>();
  private waiting = new Map<string, (t: number) => void>();

  constructor(
    private server: AppServer,
    private gateway: Gateway,
    private cookie: string,
    socket: Socket,
  ) {
    socket.on("change", (msg: ChangeMessage) => {
      if (msg.topic !== "approvals" || !msg.id) return;
      const t = performance.now();
      const w = this.waiting.get(msg.id);
      if (w) w(t);
      else if (!this.arrivals.has(msg.id)) this.arrivals.set(msg.id, t);
    });
  }

  private socketMessage(id: string): Promise<number> {
    const t = this.arrivals.get(id);
    if (t !== undefined) return Promise.resolve(t);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no socket message for ${id}`)), 10_000);
      this.waiting.set(id, (at) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(at);
      });
    });
  }

  async create(gateway: Gateway, timeoutSeconds = 300): Promise<string> {
    const params = { to: "cfo@example.com", n: randomUUID() };
    const res = await fetch(`${this.server.url}/api/v1/approvals`, {
      method: "POST",
      headers: { authorization: `Bearer ${gateway.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({
        requestId: randomUUID(),
        server: "mail",
        tool: "send_email",
        params,
        paramsHash: hashParams(params),
        userId: "alice@example.com",
        justification: "benchmark",
        timeoutSeconds,
      }),
    });
    if (res.status !== 201) throw new Error(`POST /approvals → ${res.status} ${await res.text()}`);
    return ((await res.json()) as { id: string }).id;
  }

  async poll(gateway: Gateway, id: string, wait: number): Promise<{ status: string; decidedAt: string | null }> {
    const res = await fetch(`${this.server.url}/api/v1/approvals/${id}?wait=${wait}`, { headers: { authorization: `Bearer ${gateway.apiKey}` } });
    if (res.status !== 200) throw new Error(`GET /approvals/${id} → ${res.status}`);
    const body = (await res.json()) as { status: string; decision: { decidedAt: string | null } };
    return { status: body.status, decidedAt: body.decision.decidedAt };
  }

  async decide(id: string): Promise<void> {
    const res = await fetch(`${this.server.url}/api/approvals/${id}/decision`, {
      method: "POST",
      headers: { cookie: this.cookie, origin: this.server.url, "content-type": "application/json" },
      body: JSON.stringify({ decision: "approve", comment: "bench" }),
    });
    if (res.status !== 200) throw new Error(`decision → ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  }

  /** One round: POST → socket message, then decision → long-poll return. */
  async round(): Promise<{ toSocket: number; toPoll: number; fromDecided: number; decideHttp: number }> {
    const t0 = performance.now();
    const id = await this.create(this.gateway);
    const toSocket = (await this.socketMessage(id)) - t0;
    this.arrivals.delete(id);
    let returnedAt = 0;
    let fromDecided = 0;
    const poll = this.poll(this.gateway, id, 30).then(({ status, decidedAt }) => {
      returnedAt = performance.now();
      // Same machine, same clock: the server stamps decidedAt inside the deciding transaction.
      fromDecided = Date.now() - new Date(decidedAt!).getTime();
      if (status !== "approved") throw new Error(`long-poll returned ${status}`);
    });
    await sleep(15); // let the long-poll park on the server (deciding earlier would only make it faster)
    const t1 = performance.now();
    await this.decide(id);
    const decideHttp = performance.now() - t1;
    await poll;
    this.arrivals.delete(id);
    return { toSocket, toPoll: returnedAt - t1, fromDecided, decideHttp };
  }

  async phase(label: string): Promise<void> {
    for (let i = 0; i < WARMUP; i++) await this.round();
    const rounds = [];
    for (let i = 0; i < N; i++) rounds.push(await this.round());
    const s = summary(rounds.map((r) => r.toSocket));
    const p = summary(rounds.map((r) => r.toPoll));
    const d = summary(rounds.map((r) => r.decideHttp));
    const c = summary(rounds.map((r) => r.fromDecided));
    console.log(`\n${label} (${N} requests)`);
    console.log(`  POST /approvals → reviewer socket message   p50 ${ms(s.p50)}  p99 ${ms(s.p99)}  max ${ms(s.max)}`);
    console.log(`  decision sent → gateway long-poll returns   p50 ${ms(p.p50)}  p99 ${ms(p.p99)}  max ${ms(p.max)}`);
    console.log(`  decision recorded → long-poll returns       p50 ${ms(c.p50)}  p99 ${ms(c.p99)}  max ${ms(c.max)}`);
    console.log(`  (the decision request itself)               p50 ${ms(d.p50)}  p99 ${ms(d.p99)}  max ${ms(d.max)}`);
  }
}

/** LONG_POLLS gateways each long-polling its own pending approval, re-polling whenever a poll returns. */
function backgroundLongPolls(bench: Bench, gateways: Gateway[], ids: string[]) {
  let running = true;
  let polls = 0;
  const loops = gateways.map(async (gw, i) => {
    while (running) {
      const { status } = await bench.poll(gw, ids[i], 60).catch(() => ({ status: "error" }));
      polls++;
      if (status !== "pending") return;
    }
  });
  return {
    polls: () => polls,
    stop: async (cancel: (gw: Gateway, id: string) => Promise<unknown>) => {
      running = false;
      await Promise.all(gateways.map((gw, i) => cancel(gw, ids[i])));
      await Promise.all(loops);
    },
  };
}

type Channel = "browser" | "webhook" | "email";
const CHANNELS: Channel[] = ["browser", "webhook", "email"];

/** A loopback Slack-style webhook receiver and SMTP listener, noting when each approval's notice arrives. */
async function startNotificationSinks() {
  const seen = new Map<string, number>();
  const waiting = new Map<string, (t: number) => void>();
  const arrived = (channel: Channel, text: string) => {
    const id = /id=([0-9a-f-]{36})/.exec(text)?.[1];
    if (!id) return;
    const key = `${channel}:${id}`;
    const t = performance.now();
    const w = waiting.get(key);
    if (w) w(t);
    else seen.set(key, t);
  };
  const waitFor = (channel: Channel, id: string) =>
    new Promise<number>((resolve, reject) => {
      const key = `${channel}:${id}`;
      const t = seen.get(key);
      if (t !== undefined) return resolve(t);
      const timer = setTimeout(() => reject(new Error(`no ${channel} notification for ${id}`)), 15_000);
      waiting.set(key, (at) => {
        clearTimeout(timer);
        waiting.delete(key);
        resolve(at);
      });
    });
  const hooks = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      arrived("webhook", body);
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => hooks.listen(0, "127.0.0.1", r));
  const smtp = await startSmtpListener((mail) => arrived("email", mail.text));
  return {
    hookUrl: `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/hook`,
    smtpUrl: smtp.smtpUrl,
    arrived,
    waitFor,
    close: async () => {
      await new Promise<void>((r) => hooks.close(() => r()));
      await smtp.close();
    },
  };
}

async function main() {
  process.env.NEXTAUTH_SECRET ??= TEST_SECRET;
  await withTemporaryPostgres(async (url) => {
    await applyMigrations(url);
    process.env.DATABASE_URL = url;
    const sinks = await startNotificationSinks();
    const server = await startAppServer({ databaseUrl: url, name: "bench-approvals", env: { WARDEN_DIST_DIR: DIST, LOG_LEVEL: "warn", SMTP_URL: sinks.smtpUrl } });
    let socket: Socket | undefined;
    try {
      const { createUser } = await import("../lib/auth/create-user");
      const { createGateway } = await import("../lib/gateways/create-gateway");
      const newGateway = async (): Promise<Gateway> => {
        const gw = await createGateway({ input: { name: `bench-${randomUUID().slice(0, 8)}` }, actor: { email: "bench" } });
        return { gatewayId: gw.gatewayId, apiKey: gw.apiKey };
      };
      const password = `pw-${randomUUID()}`;
      const { user } = await createUser({ input: { email: `reviewer-${randomUUID().slice(0, 8)}@bench.test`, roles: ["reviewer"], password }, actor: { email: "bench" } });
      const cookie = await sessionCookie(server.url, user.email, password);
      socket = io(server.url, { path: "/socket.io", transports: ["websocket"], extraHeaders: { cookie } });
      await new Promise<void>((resolve, reject) => {
        socket!.once("connect", () => resolve());
        socket!.once("connect_error", reject);
      });
      const bench = new Bench(server, await newGateway(), cookie, socket);
      console.log(`Warden ${server.url} (build ${DIST}); reviewer socket connected; ${N} requests per phase after ${WARMUP} warm-up rounds`);

      await bench.phase("Alone");

      const others: Gateway[] = [];
      for (let i = 0; i < LONG_POLLS; i++) others.push(await newGateway());
      const ids = await Promise.all(others.map((gw) => bench.create(gw, 300)));
      const background = backgroundLongPolls(bench, others, ids);
      await sleep(500);
      await bench.phase(`With ${LONG_POLLS} other gateways long-polling at once`);
      const cancel = (gw: Gateway, id: string) =>
        fetch(`${server.url}/api/v1/approvals/${id}/cancel`, { method: "POST", headers: { authorization: `Bearer ${gw.apiKey}` } }).then((r) => r.arrayBuffer());
      await background.stop(cancel);
      console.log(`  (background: ${LONG_POLLS} long-polls held open through the phase, ${background.polls()} polls returned in all)`);

      // (3) The reviewer now hears by all three channels.
      const { db } = await import("../lib/db");
      await db().allowedWebhookHost.upsert({ where: { host: "127.0.0.1" }, create: { host: "127.0.0.1" }, update: {} });
      const channel = await db().notificationChannel.create({ data: { name: "bench chat", type: "slack", url: sinks.hookUrl } });
      await db().notificationPreference.upsert({ where: { userId: user.id }, create: { userId: user.id, browser: true, email: true, webhookChannelId: channel.id }, update: { browser: true, email: true, webhookChannelId: channel.id } });
      socket.on("approval-notice", (n: { url: string }) => sinks.arrived("browser", n.url));
      const gateway = await newGateway();
      const samples: Record<Channel, number[]> = { browser: [], webhook: [], email: [] };
      for (let i = 0; i < WARMUP + NOTIFY; i++) {
        const t0 = performance.now();
        const id = await bench.create(gateway);
        const at = await Promise.all(CHANNELS.map((c) => sinks.waitFor(c, id)));
        if (i >= WARMUP) CHANNELS.forEach((c, k) => samples[c].push(at[k] - t0));
      }
      console.log(`\nPOST /approvals → the reviewer's notification, by channel (${NOTIFY} requests, one reviewer with all three)`);
      for (const c of CHANNELS) {
        const s = summary(samples[c]);
        console.log(`  ${c.padEnd(8)} p50 ${ms(s.p50)}  p99 ${ms(s.p99)}  max ${ms(s.max)}`);
      }
    } finally {
      socket?.close();
      await server.stop();
      await sinks.close();
      const { closeDb } = await import("../lib/db");
      await closeDb();
    }
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
