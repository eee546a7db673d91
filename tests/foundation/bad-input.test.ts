import { connect } from "node:net";
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { makeApprovalRequest } from "../approvals/approval-factory";
import { makeEvent } from "../ingest/event-factory";
import { createSignedInUser, uniq } from "../support/factories";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { api, baseUrl, trySignIn, type Session } from "../support/http";

// Issue 15 item 7: each reproduction below was a 500 or a dropped connection. Every refusal is a 4xx
// {"error":{code,message,issues?}} that names the field, without a stack trace, and writes nothing.

const NUL = "\u0000";
const LONE = "\ud800";

type Reply = { status: number; headers: Headers; json: any; text: string };

function expectRefusal(res: Reply, status: number, code: string) {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get("content-type") ?? "").toMatch(/^application\/json/);
  expect(res.json?.error?.code, res.text).toBe(code);
  expect(typeof res.json.error.message).toBe("string");
  expect(res.text).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
}

const pathsOf = (res: Reply) => (res.json.error.issues ?? []).map((i: { path: string }) => i.path);

/** Raw HTTP/1.1 over a socket: fetch would fix a malformed Host header or request line before sending. */
function rawRequest(lines: string[]): Promise<{ status: number; headers: string; body: string }> {
  const { hostname, port } = new URL(baseUrl());
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write([...lines, "Connection: close", "", ""].join("\r\n")));
    let data = "";
    socket.setEncoding("latin1");
    socket.on("data", (c: string) => (data += c));
    socket.on("error", reject);
    socket.on("close", () => {
      const [head, ...rest] = data.split("\r\n\r\n");
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      let body = rest.join("\r\n\r\n");
      if (/transfer-encoding: chunked/i.test(head)) body = body.replace(/(^|\r\n)[0-9a-f]+\r\n/gi, "").replace(/\r\n$/, "");
      resolve({ status, headers: head, body });
    });
  });
}

/** `depth` levels of {"a":…} around 1, as JSON text. */
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;

let gw: Awaited<ReturnType<typeof createTestGateway>>;
let admin: Session;

beforeAll(async () => {
  gw = await createTestGateway();
  admin = await createSignedInUser({ roles: ["admin"] });
});

describe("NUL characters and lone surrogates are refused with 400 invalid_text naming the field", () => {
  it("POST /api/v1/approvals refuses a NUL in a string field and writes nothing", async () => {
    const body = makeApprovalRequest({ justification: `What is this?${NUL}` });
    const res = await gatewayApi("/approvals", gw.apiKey, { body });
    expectRefusal(res, 400, "invalid_text");
    expect(pathsOf(res)).toEqual(["justification"]);
    expect(await db().approval.count({ where: { requestId: body.requestId } })).toBe(0);
  });

  it("POST /api/v1/approvals refuses a NUL and a lone surrogate in JSON keys of params", async () => {
    const body = makeApprovalRequest();
    const text = JSON.stringify(body).replace('"params":{"to"', `"params":{"x\\u0000y":1,"\\ud800":2,"to"`);
    const res = await gatewayApi("/approvals", gw.apiKey, { rawBody: text, headers: { "content-type": "application/json" } });
    expectRefusal(res, 400, "invalid_text");
    expect(pathsOf(res)).toEqual(["params.x\\u0000y", "params.\\ud800"]);
    expect(await db().approval.count({ where: { requestId: body.requestId } })).toBe(0);
  });

  it("POST /api/v1/events refuses a NUL in params (JSON and NDJSON) and writes nothing", async () => {
    const event = makeEvent({ params: { repo: `acme${NUL}api` } });
    const res = await gatewayApi("/events", gw.apiKey, { body: { events: [makeEvent(), event] } });
    expectRefusal(res, 400, "invalid_text");
    expect(res.json.error.issues).toEqual([expect.objectContaining({ index: 1, path: "params.repo" })]);
    const nd = await gatewayApi("/events", gw.apiKey, {
      rawBody: `${JSON.stringify(makeEvent())}\n${JSON.stringify(event)}\n`,
      headers: { "content-type": "application/x-ndjson" },
    });
    expectRefusal(nd, 400, "invalid_text");
    expect(nd.json.error.issues).toEqual([expect.objectContaining({ index: 1, path: "params.repo" })]);
    expect(await db().event.count({ where: { gatewayId: gw.gatewayId } })).toBe(0);
  });

  it("POST /api/v1/events refuses a lone surrogate in a string field", async () => {
    const text = JSON.stringify({ events: [makeEvent({ tool: "x" })] }).replace('"tool":"x"', '"tool":"x\\udc00"');
    const res = await gatewayApi("/events", gw.apiKey, { rawBody: text, headers: { "content-type": "application/json" } });
    expectRefusal(res, 400, "invalid_text");
    expect(res.json.error.issues).toEqual([expect.objectContaining({ index: 0, path: "tool" })]);
  });

  it("POST /api/v1/spend/authorize refuses a NUL in a string field", async () => {
    const res = await gatewayApi("/spend/authorize", gw.apiKey, { body: { userId: `bob${NUL}`, server: "s", tool: "t", estimatedCostUsd: 1 } });
    expectRefusal(res, 400, "invalid_text");
    expect(pathsOf(res)).toEqual(["userId"]);
  });

  it("dashboard POST /api/budgets refuses a NUL in a string field and a lone surrogate in a key, and writes nothing", async () => {
    const name = uniq("nul-budget");
    const res = await api("/api/budgets", { session: admin, method: "POST", body: { name: `${name}${NUL}`, scope: "global", period: "month", limitUsd: 5 } });
    expectRefusal(res, 400, "invalid_text");
    expect(pathsOf(res)).toEqual(["name"]);
    const raw = await fetch(`${baseUrl()}/api/budgets`, {
      method: "POST",
      headers: { origin: baseUrl(), cookie: admin.cookie, "content-type": "application/json" },
      body: `{"name":"${name}","scope":"global","period":"month","limitUsd":5,"\\udfff":1}`,
    });
    const text = await raw.text();
    expectRefusal({ status: raw.status, headers: raw.headers, json: JSON.parse(text), text }, 400, "invalid_text");
    expect(JSON.parse(text).error.issues.map((i: { path: string }) => i.path)).toEqual(["\\udfff"]);
    expect(await db().budget.count({ where: { name: { startsWith: name } } })).toBe(0);
  });

  it("a NUL in a path parameter or a query string is a 400 naming it, gateway and dashboard alike", async () => {
    const approval = await gatewayApi(`/approvals/${randomUUID()}%00`, gw.apiKey);
    expectRefusal(approval, 400, "invalid_text");
    expect(pathsOf(approval)).toEqual(["path"]);
    const wait = await gatewayApi(`/approvals/${randomUUID()}?wait=1%00`, gw.apiKey);
    expectRefusal(wait, 400, "invalid_text");
    expect(pathsOf(wait)).toEqual(["query.wait"]);
    const budget = await api(`/api/budgets/${randomUUID()}%00`, { session: admin });
    expectRefusal(budget, 400, "invalid_text");
    const events = await api(`/api/events?tool=a%00b`, { session: admin });
    expectRefusal(events, 400, "invalid_text");
    expect(pathsOf(events)).toEqual(["query.tool"]);
  });
});

describe("deeply nested JSON is refused at parse time with the path and the limit", () => {
  it("POST /api/v1/approvals with params nested 5,000 levels deep", async () => {
    const body = makeApprovalRequest();
    const text = JSON.stringify(body).replace(/"params":\{[^}]*\}/, `"params":${nested(5000)}`);
    const res = await gatewayApi("/approvals", gw.apiKey, { rawBody: text, headers: { "content-type": "application/json" } });
    expectRefusal(res, 400, "invalid_request");
    expect(res.json.error.message).toMatch(/nested deeper than \d+ levels/);
    expect(pathsOf(res)[0]).toMatch(/^params(\.a)+$/);
    expect(await db().approval.count({ where: { requestId: body.requestId } })).toBe(0);
  });

  it("POST /api/v1/events with params nested 5,000 levels deep", async () => {
    const text = JSON.stringify({ events: [makeEvent({ params: { x: 1 } })] }).replace('"params":{"x":1}', `"params":${nested(5000)}`);
    const res = await gatewayApi("/events", gw.apiKey, { rawBody: text, headers: { "content-type": "application/json" } });
    expectRefusal(res, 400, "invalid_request");
    expect(res.json.error.message).toMatch(/nested deeper than \d+ levels/);
    expect(res.json.error.issues).toEqual([expect.objectContaining({ index: 0, path: expect.stringMatching(/^params(\.a)+$/) })]);
  });

  it("dashboard POST /api/budgets with a body nested 100,000 levels deep", async () => {
    const res = await fetch(`${baseUrl()}/api/budgets`, {
      method: "POST",
      headers: { origin: baseUrl(), cookie: admin.cookie, "content-type": "application/json" },
      body: `[${nested(100_000)}]`,
    });
    const text = await res.text();
    expectRefusal({ status: res.status, headers: res.headers, json: JSON.parse(text), text }, 400, "invalid_request");
    expect(JSON.parse(text).error.message).toMatch(/nested deeper than \d+ levels/);
  });
});

describe("bad percent-encoding in a path and a malformed Host header are a 400 JSON", () => {
  it("GET /api/v1/approvals/%ZZ", async () => {
    const res = await gatewayApi("/approvals/%ZZ", gw.apiKey);
    expectRefusal(res, 400, "invalid_request");
    expect(pathsOf(res)).toEqual(["path"]);
    const cancel = await gatewayApi("/approvals/%E0%A4%A/cancel", gw.apiKey, { method: "POST" });
    expectRefusal(cancel, 400, "invalid_request");
  });

  it("GET /api/budgets/%ZZ, signed out and signed in", async () => {
    expectRefusal(await api("/api/budgets/%ZZ"), 400, "invalid_request");
    expectRefusal(await api("/api/budgets/%ZZ", { session: admin }), 400, "invalid_request");
    expectRefusal(await api("/api/budgets/%ZZ", { session: admin, method: "PATCH", body: { name: "x" } }), 400, "invalid_request");
  });

  it("a malformed Host header, on the gateway API, the dashboard API and a page", async () => {
    for (const target of ["/api/v1/policy", "/api/budgets", "/api/health", "/login"]) {
      for (const host of ["exa mple.com", "[::1", "a@b", "x:99999999", "%ZZ"]) {
        const res = await rawRequest([`GET ${target} HTTP/1.1`, `Host: ${host}`, `Authorization: Bearer ${gw.apiKey}`]);
        expect(res.status, `${target} with Host ${host}: ${res.headers}\n${res.body}`).toBe(400);
        expect(res.headers).toMatch(/content-type: application\/json/i);
        expect(JSON.parse(res.body).error).toMatchObject({ code: "invalid_request", issues: [{ path: "headers.host" }] });
      }
    }
  });
});

describe("routes served by a library answer errors in the same JSON shape", () => {
  it("GET /api/auth/<an action next-auth does not have> is a JSON 400, not plain text", async () => {
    const res = await api("/api/auth/%F3%A0%80%81no-such-action");
    expectRefusal(res, 400, "invalid_request");
    expect(res.json.error.message).toMatch(/not supported/);
  });
});

describe("found by the fuzz test (FUZZ_SEED=7 FUZZ_RUNS=24)", () => {
  it("DELETE /api/allowed-hosts/{host} with a '%' in the decoded host is not a 500 (the route decoded twice)", async () => {
    const res = await api(`/api/allowed-hosts/${encodeURIComponent("5#5f'%M/$&G1")}`, { session: admin, method: "DELETE" });
    expect(res.status, res.text).toBeLessThan(500);
    expect(res.json?.error?.code ?? "ok").not.toBe("internal");
  });

  it("PATCH /api/users/{id} with an id that is not a UUID is a 400, not a Postgres 500", async () => {
    const res = await api(`/api/users/${encodeURIComponent(" !V4+&ojr4")}`, { session: admin, method: "PATCH", body: { name: "x" } });
    expectRefusal(res, 400, "invalid_request");
    expect(res.json.error.message).toMatch(/uuid/);
  });

  it("POST /api/auth/… with a body that is not JSON under a JSON content type is a 400", async () => {
    const res = await fetch(`${baseUrl()}/api/auth/a%2Fb`, {
      method: "POST",
      headers: { "content-type": "application/json", "content-encoding": "gzip" },
      body: Uint8Array.from([0x1f, 0x8b, 0x08, 0x00, 0xff, 0x3c, 0xee, 0x78, 0x17]),
    });
    const text = await res.text();
    expectRefusal({ status: res.status, headers: res.headers, json: JSON.parse(text), text }, 400, "invalid_request");
  });
});

describe("sign-in", () => {
  it("a NUL or an unpaired surrogate in the credentials is a refused sign-in, not a 500", async () => {
    for (const email of [`admin${NUL}@warden.test`, `admin${LONE}@warden.test`]) {
      const result = await trySignIn(email, `pw${NUL}${LONE}`);
      expect(result.ok).toBe(false);
      expect(result.ok ? "" : result.error).not.toMatch(/status 5\d\d/);
    }
  });
});

describe("CSV export", () => {
  it("a NUL in a filter is a 400 naming the filter, before any byte of the export", async () => {
    for (const format of ["csv", "ndjson"]) {
      const res = await api(`/api/events/export?format=${format}&tool=send%00mail`, { session: admin });
      expectRefusal(res, 400, "invalid_text");
      expect(pathsOf(res)).toEqual(["query.tool"]);
    }
  });

  it("valid filters still answer 200 with the header row", async () => {
    const ok = await api(`/api/events/export?format=csv&gateway=${gw.gatewayId}`, { session: admin });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.text.split("\r\n")[0]).toMatch(/^id,ts,/);
  });
});
