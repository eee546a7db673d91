import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { freePort, startAppServer, type AppServer } from "../support/app-server";
import { createTestGateway } from "../support/gateways";
import { requestApproval } from "../approvals/approval-factory";
import { makeEvents } from "../ingest/event-factory";
import { baseUrl } from "../support/http";

const TOKEN = "metrics-token-for-tests-0123456789";
let server: AppServer;
let metricsPort: number;

function value(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(series + " "));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

async function scrape(): Promise<string> {
  const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/plain");
  return res.text();
}

beforeAll(async () => {
  metricsPort = await freePort();
  server = await startAppServer({
    databaseUrl: inject("databaseUrl"),
    name: "prometheus",
    env: { WARDEN_JOBS: "0", WARDEN_METRICS_TOKEN: TOKEN, WARDEN_METRICS_PORT: String(metricsPort) },
  });
}, 180_000);
afterAll(() => server?.stop());

describe("GET /metrics (Prometheus)", () => {
  it("needs the token on the main port: none or a wrong one → 401 JSON; without WARDEN_METRICS_TOKEN → 404", async () => {
    for (const headers of [{}, { authorization: "Bearer wrong" }, { authorization: TOKEN }] as Record<string, string>[]) {
      const res = await fetch(`${server.url}/metrics`, { headers });
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe("unauthorized");
    }
    const unconfigured = await fetch(`${baseUrl()}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(unconfigured.status).toBe(404);
  });

  it("is open on WARDEN_METRICS_PORT (127.0.0.1 by default)", async () => {
    const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("warden_ingest_events_total");
  });

  it("counts ingested events, batch latency, refused requests, pending approvals, long-polls held, queue depth and pool use", { timeout: 120_000 }, async () => {
    const gw = await createTestGateway();
    const before = await scrape();
    const post = (body: unknown) =>
      fetch(`${server.url}/api/v1/events`, { method: "POST", headers: { authorization: `Bearer ${gw.apiKey}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    expect((await post({ events: makeEvents(3) })).status).toBe(200);
    expect((await post({ events: [{ id: "not-a-uuid" }] })).status).toBe(400);

    const { id } = await requestApproval(gw.apiKey, { timeoutSeconds: 600 });
    const ctl = new AbortController();
    const poll = fetch(`${server.url}/api/v1/approvals/${id}?wait=30`, { headers: { authorization: `Bearer ${gw.apiKey}` }, signal: ctl.signal }).catch(() => null);
    let after = "";
    // Until the long-poll is held (up to 30 s: the 5 s this waited before is little on a loaded machine).
    for (let i = 0; i < 300; i++) {
      after = await scrape();
      if (value(after, "warden_approval_longpolls_held") >= 1) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    ctl.abort();
    await poll;

    expect(value(after, 'warden_ingest_events_total{result="accepted"}') - value(before, 'warden_ingest_events_total{result="accepted"}')).toBe(3);
    expect(value(after, "warden_ingest_batch_seconds_count") - value(before, "warden_ingest_batch_seconds_count")).toBeGreaterThanOrEqual(1);
    expect(value(after, 'warden_http_refused_total{status="400"}') - value(before, 'warden_http_refused_total{status="400"}')).toBeGreaterThanOrEqual(1);
    expect(value(after, 'warden_http_refused_total{status="401"}')).toBeGreaterThanOrEqual(1); // the test above
    expect(value(after, "warden_approvals_pending")).toBeGreaterThanOrEqual(1);
    expect(value(after, "warden_approval_longpolls_held")).toBe(1);
    expect(after).toMatch(/^warden_alerts_open \d+$/m);
    expect(after).toMatch(/^warden_db_pool_connections\{state="total"\} \d+$/m);
    expect(after).toContain("# TYPE warden_job_queue_depth gauge");
    expect(after).toContain("warden_process_resident_memory_bytes");
  });
});
