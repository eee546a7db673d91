import { describe, expect, it } from "vitest";
import { baseUrl } from "../support/http";

describe("GET /api/v1/openapi.json (gateway reports and the gateway's additions)", () => {
  it("describes POST /api/v1/heartbeat, PUT /api/v1/tools, the policy's tools, spend dryRun and the approval's identitySource", async () => {
    const res = await fetch(`${baseUrl()}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as any;
    const schemaOf = (s: any) => (s.$ref ? doc.components.schemas[s.$ref.split("/").pop()] : s);

    const heartbeat = doc.paths["/api/v1/heartbeat"].post;
    const hb = schemaOf(heartbeat.requestBody.content["application/json"].schema);
    expect(hb.additionalProperties).toBe(false);
    expect(hb.required).toEqual(expect.arrayContaining(["gatewayVersion", "spool", "counters", "startedAt"]));
    expect(Object.keys(schemaOf(hb.properties.counters).properties)).toEqual(["calls", "spooled", "sent", "deadLettered", "dropped"]);
    expect(heartbeat.description).toContain("heartbeat:write");
    expect(Object.keys(heartbeat.responses)).toEqual(expect.arrayContaining(["200", "400", "401", "403"]));

    const tools = doc.paths["/api/v1/tools"].put;
    expect(schemaOf(tools.requestBody.content["application/json"].schema).required).toEqual(["servers"]);
    expect(tools.description).toContain("tools:write");

    const policy = schemaOf(doc.paths["/api/v1/policy"].get.responses["200"].content["application/json"].schema);
    expect(policy.required).toContain("tools");
    expect(Object.keys(schemaOf(schemaOf(policy.properties.tools).items).properties)).toEqual(["server", "tool", "costPerCallUsd", "timeoutMs", "rateLimitPerMinute", "status", "approvedFingerprint"]);
    // The tool inventory's additions (issue 17): trust policies and the kill switch.
    expect(policy.required).toEqual(expect.arrayContaining(["servers", "defaultTrustPolicy", "killSwitch", "blockedTools"]));
    expect(schemaOf(policy.properties.defaultTrustPolicy).enum).toEqual(["review", "trust-on-first-use", "open"]);

    const authorize = schemaOf(doc.paths["/api/v1/spend/authorize"].post.requestBody.content["application/json"].schema);
    expect(authorize.properties.dryRun.type).toBe("boolean");

    const approval = schemaOf(doc.paths["/api/v1/approvals"].post.requestBody.content["application/json"].schema);
    expect(approval.properties.identitySource.enum).toEqual(["jwt", "static-token", "config"]);
  });
});
