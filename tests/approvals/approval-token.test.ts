import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from "jose";
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createSignedInUser } from "../support/factories";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { api, baseUrl } from "../support/http";
import { decide, requestApproval } from "./approval-factory";

// A verifier written as a gateway would write it: keys from Warden's JWKS URL, the token must name this
// gateway as audience, this approval, and the exact params the gateway is about to execute; anything
// else (or anything but "approved") means do not run the call.
function gatewayVerifier(opts: { wardenUrl: string; gatewayId: string }) {
  const jwks = createRemoteJWKSet(new URL("/api/v1/jwks.json", opts.wardenUrl));
  return async function mayExecute(token: string, call: { approvalId: string; paramsHash: string }): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, jwks, {
      issuer: opts.wardenUrl,
      audience: opts.gatewayId,
      algorithms: ["EdDSA", "ES256"],
      typ: "warden-approval+jwt",
      requiredClaims: ["exp", "iat", "sub", "paramsHash", "decision"],
    });
    if (payload.sub !== call.approvalId) throw new Error("token is for another approval");
    if (payload.paramsHash !== call.paramsHash) throw new Error("token is for other params");
    if (payload.decision !== "approved") throw new Error(`not approved: ${String(payload.decision)}`);
    return payload;
  };
}

async function approvedToken() {
  const gw = await createTestGateway();
  const reviewer = await createSignedInUser({ roles: ["reviewer"] });
  const { id, body } = await requestApproval(gw.apiKey);
  await decide(reviewer, id, "approve", "ok");
  const res = await gatewayApi(`/approvals/${id}`, gw.apiKey);
  return { gw, id, body, token: res.json.token as string };
}

describe("approval tokens", () => {
  it("an approved token verifies with the JWKS and carries approval, gateway, decision, paramsHash and expiry", async () => {
    const { gw, id, body, token } = await approvedToken();
    const mayExecute = gatewayVerifier({ wardenUrl: baseUrl(), gatewayId: gw.gatewayId });
    const payload = await mayExecute(token, { approvalId: id, paramsHash: body.paramsHash });
    expect(payload).toMatchObject({ sub: id, approval_id: id, aud: gw.gatewayId, decision: "approved", paramsHash: body.paramsHash, request_id: body.requestId });
    expect(payload.exp! - payload.iat!).toBeGreaterThan(0);
    const header = decodeProtectedHeader(token);
    expect(header.alg).toBe("EdDSA");
    expect(header.kid).toEqual(expect.any(String));
  });

  it("the gateway's verifier rejects the token for other params", async () => {
    const { gw, id, token } = await approvedToken();
    const mayExecute = gatewayVerifier({ wardenUrl: baseUrl(), gatewayId: gw.gatewayId });
    await expect(mayExecute(token, { approvalId: id, paramsHash: "0".repeat(64) })).rejects.toThrow(/other params/);
  });

  it("another gateway's verifier rejects the token (audience)", async () => {
    const { id, body, token } = await approvedToken();
    const other = await createTestGateway();
    const mayExecute = gatewayVerifier({ wardenUrl: baseUrl(), gatewayId: other.gatewayId });
    await expect(mayExecute(token, { approvalId: id, paramsHash: body.paramsHash })).rejects.toThrow(/aud/);
  });

  it("a tampered token or a denied decision does not let the call run", async () => {
    const { gw, id, body, token } = await approvedToken();
    const mayExecute = gatewayVerifier({ wardenUrl: baseUrl(), gatewayId: gw.gatewayId });
    const [h, p, s] = token.split(".");
    const claims = JSON.parse(Buffer.from(p, "base64url").toString());
    const forged = [h, Buffer.from(JSON.stringify({ ...claims, paramsHash: "1".repeat(64) })).toString("base64url"), s].join(".");
    await expect(mayExecute(forged, { approvalId: id, paramsHash: "1".repeat(64) })).rejects.toThrow(/signature/);

    const reviewer = await createSignedInUser({ roles: ["reviewer"] });
    const denied = await requestApproval(gw.apiKey, { params: body.params, paramsHash: body.paramsHash });
    await decide(reviewer, denied.id, "deny", "no");
    const deniedToken = (await gatewayApi(`/approvals/${denied.id}`, gw.apiKey)).json.token as string;
    await expect(mayExecute(deniedToken, { approvalId: denied.id, paramsHash: body.paramsHash })).rejects.toThrow(/not approved: denied/);
  });

  it("GET /api/v1/jwks.json publishes public keys only; private keys are stored encrypted", async () => {
    await approvedToken();
    const res = await fetch(`${baseUrl()}/api/v1/jwks.json`);
    expect(res.status).toBe(200);
    const { keys } = (await res.json()) as { keys: Record<string, unknown>[] };
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) {
      expect(k).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", use: "sig", kid: expect.any(String) });
      expect(k).not.toHaveProperty("d");
    }
    const rows = await db().signingKey.findMany();
    for (const r of rows) {
      expect(r.privateJwkEncrypted.startsWith("v1.")).toBe(true);
      expect(() => JSON.parse(r.privateJwkEncrypted)).toThrow();
    }
  });

  it("after a rotation new tokens use the new key and tokens of the retired key still verify", async () => {
    const old = await approvedToken();
    const oldKid = decodeProtectedHeader(old.token).kid;
    const admin = await createSignedInUser({ roles: ["admin"] });
    const rotated = await api("/api/approvals/signing-keys", { session: admin, method: "POST", body: {} });
    expect(rotated.status).toBe(201);
    const fresh = await approvedToken();
    // (Another test may rotate too, so the fresh kid is "not the old one" rather than exactly ours.)
    expect(decodeProtectedHeader(fresh.token).kid).not.toBe(oldKid);
    expect(rotated.json.kid).not.toBe(oldKid);
    const verifyOld = gatewayVerifier({ wardenUrl: baseUrl(), gatewayId: old.gw.gatewayId });
    await expect(verifyOld(old.token, { approvalId: old.id, paramsHash: old.body.paramsHash })).resolves.toMatchObject({ sub: old.id });
    const verifyFresh = gatewayVerifier({ wardenUrl: baseUrl(), gatewayId: fresh.gw.gatewayId });
    await expect(verifyFresh(fresh.token, { approvalId: fresh.id, paramsHash: fresh.body.paramsHash })).resolves.toMatchObject({ sub: fresh.id });
    const keys = (await api("/api/approvals/signing-keys", { session: admin })).json.keys as { kid: string; active: boolean; published: boolean }[];
    expect(keys.find((k) => k.kid === rotated.json.kid)).toMatchObject({ published: true });
    expect(keys.find((k) => k.kid === oldKid)).toMatchObject({ active: false, published: true });
  });
});
