import { readFileSync } from "node:fs";
import { describe, expect, it, inject } from "vitest";
import { parseEnv, EnvError } from "../../lib/env";
import { createTestUser } from "../support/factories";
import { baseUrl, trySignIn } from "../support/http";

describe("security defaults", () => {
  it("pages carry a nonce-based Content-Security-Policy with frame-ancestors 'none' and hardening headers", async () => {
    const res = await fetch(`${baseUrl()}/login`);
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).not.toContain("unsafe-eval");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-powered-by")).toBeNull();
  });

  it("the session cookie is HttpOnly and SameSite=Lax", async () => {
    const user = await createTestUser({ roles: ["viewer"] });
    const csrf = await fetch(`${baseUrl()}/api/auth/csrf`);
    const { csrfToken } = await csrf.json();
    const res = await fetch(`${baseUrl()}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ") },
      body: new URLSearchParams({ csrfToken, email: user.email, password: user.password }),
    });
    const session = res.headers.getSetCookie().find((c) => c.startsWith("warden.session="));
    expect(session).toBeDefined();
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
  });

  it("server logs never contain passwords or session tokens", async () => {
    const user = await createTestUser({ roles: ["viewer"] });
    const marker = `leak-check-${Date.now()}-password`;
    await trySignIn(user.email, marker);
    await trySignIn(user.email, user.password);
    const log = readFileSync(inject("serverLogPath"), "utf8");
    expect(log).not.toContain(marker);
    expect(log).not.toContain(user.password);
    expect(log).toContain("sign-in failed");
  });
});

describe("environment validation", () => {
  it("names every bad variable", () => {
    expect(() => parseEnv({ PORT: "seventy", DATABASE_URL: "not a url", WARDEN_ADMIN_PASSWORD: "short" })).toThrow(EnvError);
    try {
      parseEnv({ PORT: "seventy", DATABASE_URL: "not a url", WARDEN_ADMIN_PASSWORD: "short" });
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toContain("PORT");
      expect(message).toContain("DATABASE_URL");
      expect(message).toContain("WARDEN_ADMIN_PASSWORD: must be at least 12 characters");
    }
  });

  it("applies documented defaults", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.WARDEN_DATA_DIR).toBe("./.warden");
    expect(env.WARDEN_RETENTION_DAYS).toBe(90);
  });
});
