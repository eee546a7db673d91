import { describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createSignedInUser, createTestUser } from "../support/factories";
import { api, signIn, trySignIn } from "../support/http";

describe("sign-in", () => {
  it("refuses a wrong password with a clear message", async () => {
    const user = await createTestUser({ roles: ["viewer"] });
    const res = await trySignIn(user.email, "wrong-password-123");
    expect(res).toEqual({ ok: false, error: "Wrong email or password." });
  });

  it("locks an account after repeated failures and says so, even with the right password", async () => {
    const user = await createTestUser({ roles: ["viewer"] });
    for (let i = 0; i < 5; i++) expect((await trySignIn(user.email, `wrong-${i}-password`)).ok).toBe(false);
    const locked = await trySignIn(user.email, user.password);
    expect(locked.ok).toBe(false);
    expect(locked.ok === false && locked.error).toMatch(/Too many failed sign-ins\. Try again in \d+ minute/);
  });

  it("a deactivated user's session stops working at once, and they cannot sign in again", async () => {
    const admin = await createSignedInUser({ roles: ["admin"] });
    const victim = await createSignedInUser({ roles: ["security"] });
    expect((await api("/api/audit", { session: victim })).status).toBe(200);

    const off = await api(`/api/users/${victim.id}`, { session: admin, method: "PATCH", body: { active: false } });
    expect(off.status).toBe(200);
    expect(off.json.user.active).toBe(false);

    expect((await api("/api/audit", { session: victim })).status).toBe(401);
    expect(await trySignIn(victim.email, victim.password)).toEqual({ ok: false, error: "This account is deactivated. Ask an admin." });
  });

  it("a role change applies to the existing session at once (it is revoked and must sign in again)", async () => {
    const admin = await createSignedInUser({ roles: ["admin"] });
    const user = await createSignedInUser({ roles: ["security"] });
    await api(`/api/users/${user.id}`, { session: admin, method: "PATCH", body: { roles: ["viewer"] } });
    expect((await api("/api/audit", { session: user })).status).toBe(401);
    const again = await signIn(user.email, user.password);
    expect((await api("/api/audit", { session: again })).status).toBe(403);
  });
});

describe("POST /api/users", () => {
  it("creates a user, generates a password shown once, and stores only its argon2id hash", async () => {
    const admin = await createSignedInUser({ roles: ["admin"] });
    const email = `new-${Date.now()}@warden.test`;
    const res = await api("/api/users", { session: admin, method: "POST", body: { email, roles: ["reviewer"] } });
    expect(res.status).toBe(201);
    expect(res.json.user).toMatchObject({ email, roles: ["reviewer"], active: true });
    expect(res.json.user.passwordHash).toBeUndefined();
    const generated: string = res.json.generatedPassword;
    expect(generated.length).toBeGreaterThanOrEqual(20);
    const row = await db().user.findUniqueOrThrow({ where: { email } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(generated);
    expect((await trySignIn(email, generated)).ok).toBe(true);
  });

  it("rejects bad input with every problem named, and a duplicate email with 409", async () => {
    const admin = await createSignedInUser({ roles: ["admin"] });
    const bad = await api("/api/users", { session: admin, method: "POST", body: { email: "not-an-email", roles: ["wizard"], extra: 1 } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("invalid_request");
    const paths = bad.json.error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["email", "roles[0]"]));
    expect(bad.json.error.issues.some((i: { message: string }) => /extra/.test(i.message))).toBe(true);

    const email = `dup-${Date.now()}@warden.test`;
    expect((await api("/api/users", { session: admin, method: "POST", body: { email, roles: ["viewer"] } })).status).toBe(201);
    const dup = await api("/api/users", { session: admin, method: "POST", body: { email, roles: ["viewer"] } });
    expect(dup.status).toBe(409);
    expect(dup.json.error).toEqual({ code: "conflict", message: `A user with email ${email} already exists.` });
  });

  it("refuses a state change from another origin (CSRF) and malformed JSON with clear errors", async () => {
    const admin = await createSignedInUser({ roles: ["admin"] });
    const cross = await api("/api/users", { session: admin, method: "POST", body: { email: "x@warden.test", roles: ["viewer"] }, headers: { origin: "https://evil.example" } });
    expect(cross.status).toBe(403);
    expect(cross.json.error.message).toMatch(/Cross-site request refused/);

    const malformed = await api("/api/users", { session: admin, method: "POST", headers: { "content-type": "application/json" } });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.code).toBe("invalid_request");
    expect(malformed.json.error.message).toMatch(/^Malformed JSON/);

    const wrongType = await api("/api/users", { session: admin, method: "POST", headers: { "content-type": "text/plain" } });
    expect(wrongType.status).toBe(415);
    expect(wrongType.json.error.code).toBe("unsupported_media_type");
  });
});
