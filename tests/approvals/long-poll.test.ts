import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { GatewayApprovalResponse } from "../../lib/approvals/schema";
import { startAppServer, type AppServer } from "../support/app-server";
import { createSignedInUser } from "../support/factories";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { requestApproval } from "./approval-factory";

// Two Warden instances on one database: a decision made on one must wake a long-poll held by the other
// (LISTEN/NOTIFY). The polls ask for 60 s and the test's own timeout is 30 s, so only a wake-up can pass.

let second: AppServer;
beforeAll(async () => {
  second = await startAppServer({ databaseUrl: inject("databaseUrl"), name: "approvals-second", env: { WARDEN_DIST_DIR: process.env.WARDEN_DIST_DIR ?? ".next", WARDEN_JOBS: "0" } });
});
afterAll(async () => {
  await second?.stop();
});

async function decideOn(base: string, cookie: string, id: string, decision: "approve" | "deny", comment: string) {
  const res = await fetch(`${base}/api/approvals/${id}/decision`, {
    method: "POST",
    headers: { cookie, origin: base, "content-type": "application/json" },
    body: JSON.stringify({ decision, comment }),
  });
  return { status: res.status, json: await res.json() };
}

const nap = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("GET /api/v1/approvals/{id}?wait=N across instances", () => {
  it("a long-poll on the first instance wakes on a decision made through the second instance", async () => {
    const gw = await createTestGateway();
    const reviewer = await createSignedInUser({ roles: ["reviewer"] });
    const { id } = await requestApproval(gw.apiKey);
    const poll = gatewayApi(`/approvals/${id}?wait=60`, gw.apiKey);
    await nap(300); // let the poll reach its wait (deciding earlier would still be correct, only less telling)
    const decided = await decideOn(second.url, reviewer.cookie, id, "approve", "approved on instance two");
    expect(decided).toEqual({ status: 200, json: { status: "approved", approvals: 1 } });
    const res = await poll;
    expect(res.status).toBe(200);
    const view = GatewayApprovalResponse.parse(res.json);
    expect(view.status).toBe("approved");
    expect(view.token).toEqual(expect.any(String));
    expect(view.decision.votes[0]).toMatchObject({ reviewer: reviewer.email, comment: "approved on instance two" });
  });

  it("a long-poll on the second instance wakes on a deny made through the first", async () => {
    const gw = await createTestGateway();
    const reviewer = await createSignedInUser({ roles: ["reviewer"] });
    const { id } = await requestApproval(gw.apiKey);
    const poll = fetch(`${second.url}/api/v1/approvals/${id}?wait=60`, { headers: { authorization: `Bearer ${gw.apiKey}` } });
    await nap(300);
    const decided = await decideOn(inject("baseUrl"), reviewer.cookie, id, "deny", "not this one");
    expect(decided.status).toBe(200);
    const res = await poll;
    const view = GatewayApprovalResponse.parse(await res.json());
    expect(view.status).toBe("denied");
  });

  it("many long-polls on one instance all wake, each on its own approval only", async () => {
    const gw = await createTestGateway();
    const reviewer = await createSignedInUser({ roles: ["reviewer"] });
    const ids = await Promise.all(Array.from({ length: 10 }, async () => (await requestApproval(gw.apiKey)).id));
    const polls = ids.map((id) => gatewayApi(`/approvals/${id}?wait=60`, gw.apiKey));
    await nap(300);
    const toDecide = ids.slice(0, 5);
    for (const id of toDecide) expect((await decideOn(second.url, reviewer.cookie, id, "approve", "ok")).status).toBe(200);
    const results = await Promise.all(polls.slice(0, 5));
    expect(results.map((r) => r.json.status)).toEqual(["approved", "approved", "approved", "approved", "approved"]);
    // The others were not woken by those decisions; withdrawing them (on the second instance) wakes them.
    const short = await gatewayApi(`/approvals/${ids[5]}?wait=1`, gw.apiKey);
    expect(short.json.status).toBe("pending");
    for (const id of ids.slice(5)) {
      await fetch(`${second.url}/api/v1/approvals/${id}/cancel`, { method: "POST", headers: { authorization: `Bearer ${gw.apiKey}` } });
    }
    const rest = await Promise.all(polls.slice(5));
    expect(rest.map((r) => r.json.status)).toEqual(["cancelled", "cancelled", "cancelled", "cancelled", "cancelled"]);
  });
});
