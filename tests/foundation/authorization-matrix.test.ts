import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { ROLES, can, type Permission, type RoleName } from "../../lib/auth/permissions";
import { NAV_ITEMS, SUB_PAGES, canOpen } from "../../lib/auth/nav";
import { API_SCOPES, type ApiScope } from "../../lib/gateways/api-key";
import { createSignedInUser } from "../support/factories";
import { createTestGateway, gatewayApi } from "../support/gateways";
import { api, baseUrl, signIn, type Session } from "../support/http";

// Every route file under app/api, every exported method, and the guard it declares. A method that is
// not wrapped in withSession({permission}) or withApiKey({scope}) fails this test unless it is one of the
// deliberately public routes below — so a new route cannot ship without a permission.
const ROOT = path.resolve(import.meta.dirname, "../..");
// (Slack's interactions are authenticated by Slack's request signature, not a session: tests/approvals/decision-links.test.ts.)
const PUBLIC = new Set(["app/api/health/route.ts", "app/api/auth/[...nextauth]/route.ts", "app/api/v1/jwks.json/route.ts", "app/api/v1/openapi.json/route.ts", "app/api/slack/interactions/route.ts"]);
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

interface RouteGuard {
  file: string;
  url: string;
  method: (typeof METHODS)[number];
  guard: { kind: "session"; permission: Permission } | { kind: "apiKey"; scope: ApiScope } | { kind: "public" } | { kind: "none" };
}

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? routeFiles(p) : name === "route.ts" ? [p] : [];
  });
}

function guardsOf(file: string): RouteGuard[] {
  const rel = path.relative(ROOT, file).split(path.sep).join("/");
  const source = readFileSync(file, "utf8");
  const url = "/" + rel.replace(/^app\//, "").replace(/\/route\.ts$/, "").replace(/\[\.\.\.[^\]]+\]/g, "x").replace(/\[[^\]]+\]/g, randomUUID());
  const out: RouteGuard[] = [];
  for (const method of METHODS) {
    const exported = new RegExp(`export\\s+(const|async function|function)\\s+${method}\\b|export\\s*\\{[^}]*\\bas\\s+${method}\\b`).test(source);
    if (!exported) continue;
    const session = new RegExp(`export\\s+const\\s+${method}\\s*=\\s*withSession\\(\\s*\\{\\s*permission:\\s*"([^"]+)"`).exec(source);
    const apiKey = new RegExp(`export\\s+const\\s+${method}\\s*=\\s*withApiKey\\(\\s*\\{\\s*scope:\\s*"([^"]+)"`).exec(source);
    const guard: RouteGuard["guard"] = session
      ? { kind: "session", permission: session[1] as Permission }
      : apiKey
        ? { kind: "apiKey", scope: apiKey[1] as ApiScope }
        : PUBLIC.has(rel)
          ? { kind: "public" }
          : { kind: "none" };
    out.push({ file: rel, url, method, guard });
  }
  return out;
}

const ROUTES = routeFiles(path.join(ROOT, "app", "api")).flatMap(guardsOf);

describe("authorization matrix", () => {
  const sessions = {} as Record<RoleName, Session & { password: string }>;
  // Routes that end the caller's own sessions when allowed: the role signs in again after calling one.
  const ENDS_SESSIONS = new Set(["DELETE /api/me/sessions"]);
  beforeAll(async () => {
    for (const role of ROLES) sessions[role] = await createSignedInUser({ roles: [role] });
  });

  it("every API route method declares a permission or scope (or is deliberately public)", () => {
    expect(ROUTES.length).toBeGreaterThan(3);
    const unguarded = ROUTES.filter((r) => r.guard.kind === "none").map((r) => `${r.method} ${r.file}`);
    expect(unguarded).toEqual([]);
    for (const r of ROUTES) {
      if (r.guard.kind === "session") expect(can(["admin"], r.guard.permission), `${r.file}: unknown permission ${r.guard.permission}`).toBe(true);
      if (r.guard.kind === "apiKey") expect(API_SCOPES).toContain(r.guard.scope);
    }
  });

  it("every dashboard API refuses anonymous callers (401) and each role exactly as ROLE_PERMISSIONS says (403)", async () => {
    const failures: string[] = [];
    for (const r of ROUTES) {
      if (r.guard.kind !== "session") continue;
      const body = r.method === "GET" || r.method === "DELETE" ? undefined : {};
      const anon = await api(r.url, { method: r.method, body });
      if (anon.status !== 401) failures.push(`${r.method} ${r.url} anonymous → ${anon.status}`);
      for (const role of ROLES) {
        const res = await api(r.url, { session: sessions[role], method: r.method, body });
        if (ENDS_SESSIONS.has(`${r.method} ${r.url}`)) sessions[role] = { ...(await signIn(sessions[role].email, sessions[role].password)), password: sessions[role].password };
        const allowed = can([role], r.guard.permission);
        const refused = res.status === 403 && res.json?.error?.code === "forbidden";
        if (allowed === refused || res.status === 401 || res.status >= 500) {
          failures.push(`${r.method} ${r.url} as ${role} → ${res.status} (permission ${r.guard.permission}, ${allowed ? "allowed" : "refused"} expected)`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 180_000); // one request per route × role, sequential: ~400 requests on a loaded 2-core machine

  it("every gateway API refuses a missing key (401) and a key without the scope (403)", async () => {
    const failures: string[] = [];
    const keys = new Map<ApiScope, string>();
    for (const scope of API_SCOPES) {
      const others = API_SCOPES.filter((s) => s !== scope);
      keys.set(scope, (await createTestGateway({ scopes: [...others] })).apiKey);
    }
    for (const r of ROUTES) {
      if (r.guard.kind !== "apiKey") continue;
      const v1 = r.url.replace(/^\/api\/v1/, "");
      const body = r.method === "GET" ? undefined : {};
      const anon = await gatewayApi(v1, null, { method: r.method, body });
      if (anon.status !== 401 || anon.json?.error?.code !== "unauthenticated") failures.push(`${r.method} ${r.url} without key → ${anon.status}`);
      const lacking = await gatewayApi(v1, keys.get(r.guard.scope)!, { method: r.method, body });
      if (lacking.status !== 403 || lacking.json?.error?.code !== "forbidden") failures.push(`${r.method} ${r.url} without ${r.guard.scope} → ${lacking.status}`);
    }
    expect(failures).toEqual([]);
  });

  it("every dashboard page opens for the roles the page table allows and answers 403 to the others", async () => {
    const failures: string[] = [];
    for (const page of [...NAV_ITEMS, ...SUB_PAGES]) {
      const anon = await fetch(`${baseUrl()}${page.href}`, { redirect: "manual" });
      if (anon.status !== 307 || !anon.headers.get("location")?.includes("/login")) failures.push(`${page.href} anonymous → ${anon.status}`);
      for (const role of ROLES) {
        const res = await fetch(`${baseUrl()}${page.href}`, { headers: { cookie: sessions[role].cookie }, redirect: "manual" });
        const expected = canOpen([role], page) ? 200 : 403;
        if (res.status !== expected) failures.push(`${page.href} as ${role} → ${res.status}, expected ${expected}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
