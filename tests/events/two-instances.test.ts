import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { io, type Socket } from "socket.io-client";
import { startAppServer, type AppServer } from "../support/app-server";
import { signIn } from "../support/http";
import { createTestUser } from "../support/factories";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { event } from "../metrics/seed-events";

// Two Warden instances on one database: a browser connected to instance B hears about an event ingested
// through instance A (socket.io's Postgres adapter carries the change between them).

let b: AppServer;
const sockets: Socket[] = [];

beforeAll(async () => {
  b = await startAppServer({ databaseUrl: inject("databaseUrl"), name: "instance-b", env: { WARDEN_DIST_DIR: process.env.WARDEN_DIST_DIR ?? ".next", WARDEN_JOBS: "0" } });
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await b?.stop();
});

function connect(url: string, cookie?: string): Promise<Socket> {
  const socket = io(url, { path: "/socket.io", transports: ["websocket"], extraHeaders: cookie ? { cookie } : {}, reconnection: false });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (err) => reject(err));
  });
}

function nextChange(socket: Socket, topic: string, timeoutMs = 20_000): Promise<{ topic: string; at: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${topic}" change within ${timeoutMs} ms`)), timeoutMs);
    const onChange = (msg: { topic: string; at: number }) => {
      if (msg.topic !== topic) return;
      clearTimeout(timer);
      socket.off("change", onChange);
      resolve(msg);
    };
    socket.on("change", onChange);
  });
}

describe("live updates across two instances", () => {
  it("a socket on instance B receives the change published when an event is ingested through instance A", async () => {
    const user = await createTestUser({ roles: ["security"] });
    const session = await signIn(user.email, user.password, b.url);
    const socket = await connect(b.url, session.cookie);
    const gw = await createTestGateway();
    const heard = Promise.all([nextChange(socket, "events"), nextChange(socket, "metrics")]);
    const res = await gatewayApi("/events", gw.apiKey, { body: { events: [event({ timestamp: new Date().toISOString() })] } });
    expect(res.status).toBe(200);
    const [events, metrics] = await heard;
    expect(events.topic).toBe("events");
    expect(metrics.topic).toBe("metrics");
  });

  it("refuses a socket without a session, and gives a viewer metrics changes but not events", async () => {
    await expect(connect(b.url)).rejects.toThrow(/unauthenticated/);
    const viewer = await createTestUser({ roles: ["viewer"] });
    const session = await signIn(viewer.email, viewer.password, b.url);
    const socket = await connect(b.url, session.cookie);
    const topics: string[] = [];
    socket.on("change", (msg: { topic: string }) => topics.push(msg.topic));
    const metrics = nextChange(socket, "metrics");
    const gw = await createTestGateway();
    await gatewayApi("/events", gw.apiKey, { body: { events: [event({ timestamp: new Date().toISOString() })] } });
    await metrics;
    expect(topics).not.toContain("events");
  });
});
