import { io, type Socket } from "socket.io-client";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { createSignedInUser } from "../support/factories";
import { api, baseUrl, signIn, type Session } from "../support/http";

const sockets: Socket[] = [];
afterAll(() => {
  for (const s of sockets) s.close();
});

/** next-auth's real sign-out: POST /api/auth/signout with its CSRF token, as the browser's signOut() sends it. */
async function signOut(session: Session): Promise<void> {
  const base = baseUrl();
  const csrfRes = await fetch(`${base}/api/auth/csrf`, { headers: { cookie: session.cookie } });
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const csrfCookie = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const res = await fetch(`${base}/api/auth/signout`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: [session.cookie, csrfCookie].filter(Boolean).join("; "), origin: base },
    body: new URLSearchParams({ csrfToken, json: "true" }),
  });
  expect(res.status).toBeLessThan(400);
  // The browser drops the cookie; an attacker who saved it keeps it. The tests keep it.
  expect(res.headers.getSetCookie().some((c) => /warden\.session=;/.test(c))).toBe(true);
}

function connect(opts: { cookie?: string; origin?: string }): Promise<Socket> {
  const headers: Record<string, string> = {};
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.origin) headers.origin = opts.origin;
  const socket = io(baseUrl(), { path: "/socket.io", transports: ["websocket"], extraHeaders: headers, reconnection: false });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (err) => reject(err));
  });
}

async function nextAuthSession(session: Session) {
  const res = await fetch(`${baseUrl()}/api/auth/session`, { headers: { cookie: session.cookie } });
  return (await res.json()) as Record<string, unknown> | null;
}

describe("sessions", () => {
  it("sign-out ends that session at once, for a saved cookie too, and only that one", async () => {
    const first = await createSignedInUser({ roles: ["security"] });
    const second = { ...(await signIn(first.email, first.password)), id: first.id };
    expect((await api("/api/audit", { session: first })).status).toBe(200);
    expect((await api("/api/audit", { session: second })).status).toBe(200);

    await signOut(first);

    expect((await api("/api/audit", { session: first })).status).toBe(401);
    expect((await api("/", { session: first })).status).toBe(307);
    expect((await nextAuthSession(first))?.uid).toBeUndefined();
    await expect(connect({ cookie: first.cookie })).rejects.toThrow(/unauthenticated/);

    expect((await api("/api/audit", { session: second })).status).toBe(200);
    expect((await connect({ cookie: second.cookie })).connected).toBe(true);
    expect((await nextAuthSession(second))?.uid).toBe(first.id);
  });

  it("sign out everywhere (DELETE /api/me/sessions) ends every session of that user and drops their live connections, for any role", async () => {
    const user = await createSignedInUser({ roles: ["viewer"] });
    const other = await signIn(user.email, user.password);
    const bystander = await createSignedInUser({ roles: ["viewer"] });
    const live = await connect({ cookie: other.cookie });
    const dropped = new Promise<string>((resolve) => live.once("disconnect", (reason) => resolve(reason)));

    const res = await api("/api/me/sessions", { session: user, method: "DELETE" });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ ok: true });

    expect(await dropped).toBe("io server disconnect");
    for (const s of [user, other]) {
      expect((await api("/api/me/sessions", { session: s, method: "DELETE" })).status).toBe(401);
      expect((await api("/", { session: s })).status).toBe(307);
      await expect(connect({ cookie: s.cookie })).rejects.toThrow(/unauthenticated/);
    }
    expect((await api("/", { session: bystander })).status).toBe(200);
    const audit = await db().auditLog.findFirst({ where: { action: "user.sign_out_everywhere", targetId: user.id } });
    expect(audit).not.toBeNull();
    // Signing in again works.
    expect((await api("/", { session: await signIn(user.email, user.password) })).status).toBe(200);
  });

  it("sign out everywhere refuses a cross-site request and a signed-out caller", async () => {
    const user = await createSignedInUser({ roles: ["reviewer"] });
    const cross = await api("/api/me/sessions", { session: user, method: "DELETE", headers: { origin: "https://evil.example" } });
    expect(cross.status).toBe(403);
    expect((await api("/", { session: user })).status).toBe(200);
    expect((await api("/api/me/sessions", { method: "DELETE" })).status).toBe(401);
  });
});

describe("CSRF origin check", () => {
  it("does not trust a client-sent X-Forwarded-Host (WARDEN_TRUST_PROXY is off)", async () => {
    const admin = await createSignedInUser({ roles: ["admin"] });
    const res = await api("/api/users", {
      session: admin,
      method: "POST",
      body: { email: "xfh@warden.test", roles: ["viewer"] },
      headers: { origin: "https://evil.example", "x-forwarded-host": "evil.example" },
    });
    expect(res.status).toBe(403);
    expect(res.json.error.message).toMatch(/Cross-site request refused/);
    expect(await db().user.findUnique({ where: { email: "xfh@warden.test" } })).toBeNull();
  });
});

describe("socket.io origin check", () => {
  it("refuses a foreign Origin even with a valid session cookie, and accepts the site's own", async () => {
    const user = await createSignedInUser({ roles: ["viewer"] });
    await expect(connect({ cookie: user.cookie, origin: "https://evil.example" })).rejects.toThrow();
    await expect(connect({ cookie: user.cookie, origin: "http://127.0.0.2:4802" })).rejects.toThrow();
    expect((await connect({ cookie: user.cookie, origin: baseUrl() })).connected).toBe(true);
  });
});

describe("login error box", () => {
  it("shows only known messages: an unknown ?error= gets the generic text, never the query's", async () => {
    const hostile = `<script>alert("pwned")</script>Your account is suspended, call +1-555-0100`;
    const res = await fetch(`${baseUrl()}/login?error=${encodeURIComponent(hostile)}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const alert = /<p role="alert"[^>]*>([^<]*)<\/p>/.exec(html);
    expect(alert?.[1]).toBe("Sign-in failed; try again.");
    expect(html).not.toContain("call +1-555-0100<");
    expect(html).not.toContain('<script>alert("pwned")');

    const known = await (await fetch(`${baseUrl()}/login?error=AccessDenied`)).text();
    expect(/<p role="alert"[^>]*>([^<]*)<\/p>/.exec(known)?.[1]).toBe("This account cannot sign in. Ask an admin.");
  });
});
