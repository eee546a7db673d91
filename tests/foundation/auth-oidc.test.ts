import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import type { syncOidcUser as SyncOidcUser } from "../../lib/auth/sync-oidc-user";

// The single sign-on sign-in step against the real database, with the role map the e2e stack uses and
// OIDC_REQUIRE_GROUP=1 (the browser flow against a real IdP is e2e/oidc.spec.ts).
let syncOidcUser: typeof SyncOidcUser;
beforeAll(async () => {
  process.env.OIDC_ROLE_MAP = "warden-reviewers=reviewer,warden-admins=admin";
  process.env.OIDC_REQUIRE_GROUP = "1";
  ({ syncOidcUser } = await import("../../lib/auth/sync-oidc-user"));
});

const email = () => `sso-${randomUUID().slice(0, 8)}@idp.example`;

describe("syncOidcUser with OIDC_ROLE_MAP and OIDC_REQUIRE_GROUP=1", () => {
  it("creates a first-time user with the roles of their mapped groups", async () => {
    const e = email();
    const res = await syncOidcUser({ email: e.toUpperCase(), name: "Sam", emailVerified: true, groups: ["warden-reviewers", "everyone"] });
    expect(res.ok).toBe(true);
    expect(await db().user.findUnique({ where: { email: e } })).toMatchObject({ roles: ["reviewer"], name: "Sam", passwordHash: null });
  });

  it("refuses a user in no mapped group, creating nothing, and ends the sessions of one removed from every group", async () => {
    const stranger = email();
    expect(await syncOidcUser({ email: stranger, emailVerified: true, groups: ["everyone"] })).toEqual({ ok: false, error: "NoMappedGroup" });
    expect(await db().user.findUnique({ where: { email: stranger } })).toBeNull();

    const e = email();
    const signedIn = await syncOidcUser({ email: e, emailVerified: true, groups: ["warden-admins"] });
    if (!signedIn.ok) throw new Error("sign-in refused");
    const open = await db().session.create({ data: { id: `s-${randomUUID()}`, userId: signedIn.userId, expiresAt: new Date(Date.now() + 3_600_000) } });
    expect(await syncOidcUser({ email: e, emailVerified: true, groups: [] })).toEqual({ ok: false, error: "NoMappedGroup" });
    expect((await db().session.findUniqueOrThrow({ where: { id: open.id } })).revokedAt).not.toBeNull();
  });

  it("a role change from the IdP ends the user's other sessions and is audited", async () => {
    const e = email();
    const first = await syncOidcUser({ email: e, emailVerified: true, groups: ["warden-admins"] });
    if (!first.ok) throw new Error("sign-in refused");
    const session = await db().session.create({ data: { id: `s-${randomUUID()}`, userId: first.userId, expiresAt: new Date(Date.now() + 3_600_000) } });
    const before = await db().user.findUniqueOrThrow({ where: { email: e } });

    expect((await syncOidcUser({ email: e, emailVerified: true, groups: ["warden-reviewers"] })).ok).toBe(true);
    const after = await db().user.findUniqueOrThrow({ where: { email: e } });
    expect(after.roles).toEqual(["reviewer"]);
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect((await db().session.findUniqueOrThrow({ where: { id: session.id } })).revokedAt).not.toBeNull();
    const audit = await db().auditLog.findFirst({ where: { action: "user.roles_from_idp", targetId: first.userId } });
    expect(audit?.before).toEqual({ roles: ["admin"] });

    // Same groups again: nothing to revoke.
    expect((await syncOidcUser({ email: e, emailVerified: true, groups: ["warden-reviewers"] })).ok).toBe(true);
    expect((await db().user.findUniqueOrThrow({ where: { email: e } })).sessionVersion).toBe(after.sessionVersion);
  });

  it("refuses a deactivated user, an unverified email and a missing email", async () => {
    const e = email();
    await db().user.create({ data: { email: e, roles: ["viewer"], active: false } });
    expect(await syncOidcUser({ email: e, emailVerified: true, groups: ["warden-admins"] })).toEqual({ ok: false, error: "AccessDenied" });
    expect((await db().user.findUniqueOrThrow({ where: { email: e } })).roles).toEqual(["viewer"]);

    const unverified = email();
    expect(await syncOidcUser({ email: unverified, emailVerified: false, groups: ["warden-admins"] })).toEqual({ ok: false, error: "AccessDenied" });
    expect(await db().user.findUnique({ where: { email: unverified } })).toBeNull();
    expect(await syncOidcUser({ email: null, groups: ["warden-admins"] })).toEqual({ ok: false, error: "AccessDenied" });
  });
});
