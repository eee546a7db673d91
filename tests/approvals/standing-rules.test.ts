import { createRemoteJWKSet, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { updateApprovalRule } from "../../lib/approvals/update-approval-rule";
import { createSignedInUser } from "../support/factories";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { api, baseUrl, type Session } from "../support/http";
import { createToolRule, makeApprovalRequest, requestApproval } from "./approval-factory";
import type { CreateApprovalBody } from "../../lib/approvals/schema";

// Standing rules (issue 19 item 7): a reviewer's "always allow" approves later matching requests itself,
// as a signed decision whose reviewer is "standing rule N" — never under a human-every-time rule, never for
// an identity the gateway could not verify, and not once expired or revoked.

const CONSTRAINTS = { to: { kind: "glob", pattern: "*@example.com" }, subject: { kind: "exact", value: "Q3 numbers" }, body: { kind: "any" } };

/** A gateway, a one-approval rule for a fresh tool, a reviewer, and a standing rule added from a first request. */
async function withStandingRule() {
  const gw = await createTestGateway();
  const tool = makeApprovalRequest().tool;
  const rule = await createToolRule(gw.name, tool);
  const reviewer = await createSignedInUser({ roles: ["reviewer"] });
  const first = await requestApproval(gw.apiKey, { tool, identitySource: "jwt" });
  const res = await api("/api/standing-rules", { session: reviewer, method: "POST", body: { approvalId: first.id, scope: "user", days: 7, constraints: CONSTRAINTS } });
  expect(res.status, res.text).toBe(201);
  const ask = (over: Partial<CreateApprovalBody> = {}) => requestApproval(gw.apiKey, { tool, identitySource: "jwt", ...over });
  return { gw, tool, rule, reviewer, first, standing: res.json.standingRule as { id: string; number: number; label: string }, ask };
}

/** A team-scoped standing rule by `reviewer` from a fresh request of team finance. */
async function withStandingRuleFrom(reviewer: Session, ask: (over?: Partial<CreateApprovalBody>) => ReturnType<typeof requestApproval>) {
  const first = await ask();
  const res = await api("/api/standing-rules", { session: reviewer, method: "POST", body: { approvalId: first.id, scope: "team", constraints: CONSTRAINTS } });
  expect(res.status, res.text).toBe(201);
  return { first, standing: res.json.standingRule };
}

const statusOf = async (id: string) => (await db().approval.findUniqueOrThrow({ where: { id } })).status;

describe("standing rules", () => {
  it("a matching request is approved by Warden: a token that verifies with the JWKS, reviewer \"standing rule N\", fired and audited", async () => {
    const { gw, standing, ask } = await withStandingRule();
    expect(standing.label).toBe(`standing rule ${standing.number}`);

    const next = await ask({ params: { to: "controller@example.com", subject: "Q3 numbers", body: "other text" } });
    expect(next.res.json.status).toBe("approved");
    const read = await gatewayApi(`/approvals/${next.id}`, gw.apiKey);
    expect(read.json.decision.votes).toEqual([expect.objectContaining({ reviewer: standing.label, decision: "approve" })]);
    const jwks = createRemoteJWKSet(new URL("/api/v1/jwks.json", baseUrl()));
    const { payload } = await jwtVerify(read.json.token as string, jwks, { issuer: baseUrl(), audience: gw.gatewayId, typ: "warden-approval+jwt" });
    expect(payload).toMatchObject({ sub: next.id, decision: "approved", paramsHash: next.body.paramsHash });

    // Outside the constraints (another domain, an extra param): people decide.
    expect((await ask({ params: { to: "x@evil.test", subject: "Q3 numbers", body: "b" } })).res.json.status).toBe("pending");
    expect((await ask({ params: { to: "a@example.com", subject: "Q3 numbers", body: "b", bcc: "x@evil.test" } })).res.json.status).toBe("pending");

    const row = await db().standingRule.findUniqueOrThrow({ where: { id: standing.id } });
    expect(row.fireCount).toBe(1);
    expect(row.lastFiredAt).not.toBeNull();
    const audit = await db().auditLog.findMany({ where: { OR: [{ targetId: standing.id }, { targetId: next.id }] }, orderBy: { seq: "asc" } });
    expect(audit.map((a) => [a.action, a.actorEmail])).toEqual([
      ["standing_rule.create", expect.stringContaining("@")],
      ["standing_rule.fire", standing.label],
      ["approval.vote.approve", standing.label],
      ["approval.approved", standing.label],
    ]);
  });

  it("never approves a request whose rule requires a human every time, nor an identity the gateway could not verify", async () => {
    const { rule, reviewer, ask } = await withStandingRule();
    await updateApprovalRule({ id: rule.id, input: { humanEveryTime: true }, actor: { email: "tests" } });
    const underHumanRule = await ask();
    expect(underHumanRule.res.json.status).toBe("pending");
    const why = await api(`/api/standing-rules?approvalId=${underHumanRule.id}`, { session: reviewer });
    expect(why.json.eligibility).toMatchObject({ allowed: false, reason: expect.stringMatching(/human every time/) });
    await updateApprovalRule({ id: rule.id, input: { humanEveryTime: false }, actor: { email: "tests" } });

    expect((await ask({ identitySource: "config" })).res.json.status).toBe("pending");
    const unverified = await ask({ identitySource: undefined });
    expect(unverified.res.json.status).toBe("pending");
    const refused = await api("/api/standing-rules", { session: reviewer, method: "POST", body: { approvalId: unverified.id, scope: "user", constraints: CONSTRAINTS } });
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toMatch(/verif/);
    expect((await ask()).res.json.status).toBe("approved");

    // A team-wide rule is its author's vote: it never approves the author's own request.
    const team = await api("/api/standing-rules", { session: reviewer, method: "POST", body: { approvalId: unverified.id, scope: "team", constraints: CONSTRAINTS } });
    expect(team.status).toBe(403);
    const { first } = await withStandingRuleFrom(reviewer, ask);
    expect((await ask({ userId: reviewer.email, params: first.body.params, paramsHash: first.body.paramsHash })).res.json.status).toBe("pending");
    expect((await ask({ userId: "bob@example.com", params: first.body.params, paramsHash: first.body.paramsHash })).res.json.status).toBe("approved");
  });

  it("expiry and revocation stop it; only its author or a rules editor may revoke", async () => {
    const { standing, ask, reviewer } = await withStandingRule();
    const other = await createSignedInUser({ roles: ["reviewer"] });
    expect((await api(`/api/standing-rules/${standing.id}/revoke`, { session: other, method: "POST" })).status).toBe(403);
    await db().standingRule.update({ where: { id: standing.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const afterExpiry = await ask();
    expect(await statusOf(afterExpiry.id)).toBe("pending");

    const second = await withStandingRule();
    const revoked = await api(`/api/standing-rules/${second.standing.id}/revoke`, { session: second.reviewer, method: "POST" });
    expect(revoked.status, revoked.text).toBe(200);
    expect(revoked.json.standingRule).toMatchObject({ status: "revoked", revokedByEmail: expect.stringContaining("@") });
    expect((await second.ask()).res.json.status).toBe("pending");
    expect((await api(`/api/standing-rules/${second.standing.id}/revoke`, { session: second.reviewer, method: "POST" })).status).toBe(409);
    const list = await api("/api/standing-rules", { session: reviewer });
    expect(list.json.standingRules.find((s: { id: string }) => s.id === second.standing.id)).toMatchObject({ status: "revoked", canRevoke: false });
    expect(list.json.standingRules.find((s: { id: string }) => s.id === standing.id)).toMatchObject({ status: "expired", fireCount: 0 });
  });

  it("bad input is a 4xx naming the field", async () => {
    const gw = await createTestGateway();
    const reviewer = await createSignedInUser({ roles: ["reviewer"] });
    const viewer: Session = await createSignedInUser({ roles: ["viewer"] });
    const { id } = await requestApproval(gw.apiKey, { identitySource: "jwt" });
    const post = (body: unknown, session: Session = reviewer) => api("/api/standing-rules", { session, method: "POST", body });
    const issue = (res: { json: { error: { issues?: { path: string }[] } } }) => res.json.error.issues?.map((i) => i.path);

    const days = await post({ approvalId: id, scope: "user", days: 0, constraints: CONSTRAINTS });
    expect([days.status, issue(days)]).toEqual([400, ["days"]]);
    const kind = await post({ approvalId: id, scope: "user", constraints: { ...CONSTRAINTS, body: { kind: "regex", pattern: ".*" } } });
    expect(kind.status).toBe(400);
    expect(issue(kind)?.[0]).toMatch(/^constraints\.body/);
    const missing = await post({ approvalId: id, scope: "user", constraints: { to: CONSTRAINTS.to } });
    expect([missing.status, issue(missing)?.sort()]).toEqual([400, ["constraints.body", "constraints.subject"]]);
    const scope = await post({ approvalId: id, scope: "everyone", constraints: CONSTRAINTS });
    expect([scope.status, issue(scope)]).toEqual([400, ["scope"]]);
    expect((await post({ approvalId: crypto.randomUUID(), scope: "user", constraints: CONSTRAINTS })).status).toBe(404);
    expect((await post({ approvalId: id, scope: "user", constraints: CONSTRAINTS }, viewer)).status).toBe(403);
    expect((await api(`/api/standing-rules?approvalId=nope`, { session: reviewer })).status).toBe(400);
    expect((await api(`/api/standing-rules/not-a-uuid/revoke`, { session: reviewer, method: "POST" })).status).toBe(404);
  });
});
