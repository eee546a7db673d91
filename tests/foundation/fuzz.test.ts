import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { makeApprovalRequest } from "../approvals/approval-factory";
import { makeEvent } from "../ingest/event-factory";
import { disableChannelsTo } from "../support/channels";
import { createSignedInUser } from "../support/factories";
import { createTestGateway } from "../support/gateways";
import { baseUrl, type Session } from "../support/http";

// Issue 15 item 7: a bounded, seeded fuzz of EVERY API route (found from app/api/**/route.ts and its exported
// methods, so a new route is fuzzed without editing this file), as an anonymous caller, a signed-in admin and
// a gateway key with every scope. Hostile inputs: NUL and unpaired surrogates (strings, keys, path, query),
// deep nesting, invisible Unicode, megabyte strings, extreme numbers, wrong types, bad percent-encoding, bad
// content types and gzip garbage. It asserts: never a 5xx; every error is the JSON error shape without a stack
// trace; a path or query Warden cannot read is a 400; a refused request writes nothing (rows of every table
// that names the fuzz gateway or the fuzz admin, counted before and after each request).
//
// FUZZ_SEED=<n> replays a run (the seed is printed); FUZZ_RUNS=<n> sets the cases per route and method for its
// own audience (other callers get a quarter of that).

const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const RUNS = Number(process.env.FUZZ_RUNS ?? 8);
const OTHER_RUNS = Math.max(1, Math.round(RUNS / 4));

const ROOT = path.resolve(import.meta.dirname, "../..");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];
type Caller = "anonymous" | "admin" | "apiKey";

interface RouteMethod {
  template: string; // /api/budgets/[id]
  segments: { literal?: string; param?: string }[];
  method: Method;
  audience: "session" | "apiKey" | "public";
  /** Reads a request body (a zod body schema, or a gateway handler that parses its own). */
  readsBody: boolean;
}

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? routeFiles(p) : name === "route.ts" ? [p] : [];
  });
}

function routeMethods(file: string): RouteMethod[] {
  const rel = path.relative(path.join(ROOT, "app"), file).split(path.sep).join("/");
  const template = `/${rel.replace(/\/route\.ts$/, "")}`;
  const source = readFileSync(file, "utf8");
  const segments = template
    .split("/")
    .slice(1)
    .map((s) => (/^\[(\.\.\.)?\w+\]$/.test(s) ? { param: s } : { literal: s }));
  const out: RouteMethod[] = [];
  for (const method of METHODS) {
    const exported = new RegExp(`export\\s+(const|async function|function)\\s+${method}\\b|export\\s*\\{[^}]*\\bas\\s+${method}\\b`).test(source);
    if (!exported) continue;
    const session = new RegExp(`export\\s+const\\s+${method}\\s*=\\s*withSession\\(\\s*\\{([^}]*)\\}`).exec(source);
    const apiKey = new RegExp(`export\\s+const\\s+${method}\\s*=\\s*withApiKey\\(`).test(source);
    out.push({
      template,
      segments,
      method,
      audience: session ? "session" : apiKey ? "apiKey" : "public",
      readsBody: session ? /\bbody:/.test(session[1]) : method !== "GET",
    });
  }
  return out;
}

const ROUTES = routeFiles(path.join(ROOT, "app", "api")).flatMap(routeMethods);

// ---- hostile values -------------------------------------------------------------------------------------

const NUL = "\u0000";
/** Fixed pseudo-random bytes (the run is reproducible from its seed). */
const garbage = (n: number) => Uint8Array.from({ length: n }, (_, i) => (Math.imul(i + 1, 2654435761) >>> 24) & 255);
const MEGABYTE = "x".repeat(1024 * 1024 + 1);
const INVISIBLE = [
  "What is this?\u{E0044}\u{E0069}\u{E0073}\u{E0072}\u{E0065}\u{E0067}\u{E0061}\u{E0072}\u{E0064}", // tag characters
  "a\u200Bb\u200Cc\u200Dd\u2060e\uFEFF", // zero-width
  "\u202Egnp.exe\u202C \u2066x\u2069", // bidi overrides and isolates
  "\u0001\u0007\u001B[31m\u007F\u0085", // controls, an ANSI escape
];
const TEXT = [
  `a${NUL}b`,
  NUL,
  "\ud800",
  "x\udfff",
  "\udbff\ud800",
  ...INVISIBLE,
  "",
  " ",
  "x".repeat(10_000),
  "NaN",
  "Infinity",
  "-0",
  "1e308",
  "null",
  "undefined",
  "true",
  "'; DROP TABLE events;--",
  "<script>alert(1)</script>",
  "{{7*7}}${7*7}",
  "../../../../etc/passwd",
  "%00",
  "%ZZ",
  "0000-00-00T00:00:00Z",
  "2026-13-45T25:61:61Z",
  "00000000-0000-0000-0000-000000000000",
  "http://127.0.0.1:1/hook",
  "admin@warden.test\u200B",
];
const NUMBERS = [1e308, -1e308, -0, 0, -1, 0.5, 2 ** 53 + 2, -(2 ** 31), 2 ** 63, 5e-324, 1e21];

const textArb = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...TEXT) }, { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) });
const scalarArb = fc.oneof(textArb, fc.constantFrom(...NUMBERS), fc.constantFrom(null, true, false), fc.integer(), fc.double());
const FIELDS = [
  "name", "email", "password", "roles", "team", "scope", "scopeValue", "period", "limitUsd", "mode", "thresholds", "url", "type",
  "config", "secret", "host", "events", "requestId", "server", "tool", "params", "paramsHash", "userId", "justification", "decision",
  "comment", "description", "scopes", "enabled", "priority", "toolPattern", "requiredApprovals", "timeoutSeconds", "estimatedCostUsd",
  "reservationId", "actualUsd", "minSeverity", "webhookUrl", "id", "timestamp", "status", "active", "__proto__", "constructor",
];
const keyArb = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...FIELDS) }, { weight: 1, arbitrary: textArb });
const jsonArb: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalarArb, fc.array(tie("value"), { maxLength: 4 }), fc.dictionary(keyArb, tie("value"), { maxKeys: 5 })),
})).value;

/** `depth` levels of {"a":[…]} as JSON text. */
const nested = (depth: number) => `${'{"a":['.repeat(depth)}1${"]}".repeat(depth)}`;

interface Body {
  label: string;
  text: string | Uint8Array<ArrayBuffer>;
  contentType?: string;
  contentEncoding?: string;
  /** Every route that reads this body must refuse it with 400. */
  mustRefuse?: boolean;
}

const json = (label: string, value: unknown): Body => ({ label, text: JSON.stringify(value) ?? "null", contentType: "application/json" });
const bodyArb: fc.Arbitrary<Body> = fc.oneof(
  { weight: 6, arbitrary: fc.dictionary(keyArb, jsonArb, { maxKeys: 8 }).map((v) => json("random object", v)) },
  { weight: 2, arbitrary: fc.record({ events: fc.array(fc.dictionary(keyArb, jsonArb, { maxKeys: 8 }), { maxLength: 3 }) }).map((v) => json("events batch", v)) },
  { weight: 2, arbitrary: fc.tuple(keyArb, jsonArb).map(([k, v]) => json("NUL and surrogate keys", { [`k${NUL}`]: 1, ["\ud800"]: 2, [k]: v })) },
  { weight: 1, arbitrary: jsonArb.map((v) => json("any JSON root", v)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Body>(
      { label: "nested 5,000 deep", text: `{"name":"x","params":${nested(5000)},"events":[${nested(5000)}]}`, contentType: "application/json" },
      { label: "nested 100,000 deep", text: nested(100_000), contentType: "application/json" },
      { label: "a 1 MB string", text: JSON.stringify({ name: MEGABYTE, events: [] }), contentType: "application/json" },
      { label: "extreme number literals", text: '{"limitUsd":1e309,"priority":-0,"timeoutSeconds":123456789012345678901234567890,"estimatedCostUsd":-1e-400}', contentType: "application/json" },
      { label: "malformed JSON", text: '{"name":', contentType: "application/json" },
      { label: "empty body", text: "", contentType: "application/json" },
      { label: "BOM before JSON", text: '\ufeff{"name":"x"}', contentType: "application/json" },
      { label: "JSON as text/plain", text: '{"name":"x"}', contentType: "text/plain" },
      { label: "no content type", text: '{"name":"x"}' },
      { label: "form body with NUL", text: "name=a%00b&email=%ZZ", contentType: "application/x-www-form-urlencoded" },
      { label: "multipart", text: "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\u0000\r\n--b--\r\n", contentType: "multipart/form-data; boundary=b" },
      { label: "NDJSON with NUL", text: `{"id":"${NUL}"}\n{"a":1}\n`, contentType: "application/x-ndjson" },
      { label: "UTF-16 charset", text: '{"name":"x"}', contentType: "application/json; charset=utf-16" },
      { label: "gzip garbage", text: garbage(512), contentType: "application/json", contentEncoding: "gzip" },
      { label: "gzip header then garbage", text: Uint8Array.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3, ...garbage(64)]), contentType: "application/x-ndjson", contentEncoding: "gzip" },
      { label: "unknown encoding", text: '{"name":"x"}', contentType: "application/json", contentEncoding: "br, compress" },
      { label: "invalid UTF-8 bytes", text: Uint8Array.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0xff, 0x22, 0x7d]), contentType: "application/json" },
    ),
  },
);

// Valid bodies of the routes that create things, to be spoiled by one mutation every route must refuse (a
// NUL in a string, an unpaired surrogate in a key, 5,000 levels of nesting at a leaf): with the rest valid,
// the bad part reaches as deep as the input can go (it was a 500 from Postgres or a stack overflow). Routes
// not listed here still get every other kind of hostile body.
const fuzzTeam = `fuzz-team-${SEED}`;
const TEMPLATES: Record<string, () => unknown> = {
  "POST /api/v1/approvals": () => makeApprovalRequest({ team: fuzzTeam }),
  "POST /api/v1/events": () => ({ events: [makeEvent({ team: fuzzTeam }), makeEvent({ team: fuzzTeam })] }),
  "POST /api/v1/spend/authorize": () => ({ userId: "fuzz@example.com", team: fuzzTeam, server: "fuzz", tool: "fuzz", estimatedCostUsd: 0.01 }),
  "POST /api/v1/spend/release": () => ({ reservationId: "00000000-0000-4000-8000-000000000000" }),
  "POST /api/budgets": () => ({ name: "fuzz", scope: "team", scopeValue: fuzzTeam, period: "month", limitUsd: 5, thresholds: [50, 100] }),
  "PATCH /api/budgets/[id]": () => ({ name: "fuzz", limitUsd: 5 }),
  "POST /api/users": () => ({ email: `fuzz-${SEED}@warden.test`, name: "Fuzz", team: fuzzTeam, roles: ["viewer"], password: "fuzz-password-0123456789" }),
  "POST /api/gateways": () => ({ name: `fuzz-${SEED}`, description: "fuzz", ownerTeam: fuzzTeam }),
  "POST /api/approval-rules": () => ({ name: "fuzz", toolPattern: `fuzz-${SEED}-*`, riskFlags: ["pii"], reviewerTeam: fuzzTeam }),
  "POST /api/channels": () => ({ name: "fuzz", type: "webhook", url: "https://example.com/hook", secret: "fuzz-secret-123" }),
  "POST /api/allowed-hosts": () => ({ host: "example.com" }),
  "POST /api/approvals/[id]/decision": () => ({ decision: "approve", comment: "fuzz" }),
};

type Node = { parent: Record<string, unknown> | unknown[]; key: string | number };

/** Every place in a JSON value where a leaf can be replaced, and every object. */
function placesOf(value: unknown) {
  const leaves: Node[] = [];
  const objects: Record<string, unknown>[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach((x, i) => (x !== null && typeof x === "object" ? walk(x) : leaves.push({ parent: v, key: i })));
    else if (v !== null && typeof v === "object") {
      objects.push(v as Record<string, unknown>);
      for (const [k, x] of Object.entries(v)) x !== null && typeof x === "object" ? walk(x) : leaves.push({ parent: v as Record<string, unknown>, key: k });
    }
  };
  walk(value);
  return { leaves, objects };
}

const DEEP = "\u0000DEEP\u0000";
const spoiledArb = (template: () => unknown): fc.Arbitrary<Body> =>
  fc.tuple(fc.constantFrom("NUL in a string", "unpaired surrogate in a key", "NUL in a key", "nested 5,000 deep at a leaf"), fc.nat(), fc.constantFrom(NUL, "\ud800", "\udfff"))
    .map(([how, at, bad]) => {
      const value = template();
      const { leaves, objects } = placesOf(value);
      const leaf = leaves[at % leaves.length];
      const object = objects[at % objects.length];
      if (how === "NUL in a string") (leaf.parent as Record<string | number, unknown>)[leaf.key] = `${String((leaf.parent as Record<string | number, unknown>)[leaf.key])}${NUL}`;
      else if (how === "unpaired surrogate in a key") object[`k${bad === NUL ? "\ud800" : bad}`] = 1;
      else if (how === "NUL in a key") object[`k${NUL}`] = 1;
      else (leaf.parent as Record<string | number, unknown>)[leaf.key] = DEEP;
      const text = JSON.stringify(value).replace(JSON.stringify(DEEP), nested(5000));
      return { label: `valid body, ${how}`, text, contentType: "application/json", mustRefuse: true };
    });

// Path segments as sent (already percent-encoded); `refuse` marks the ones every route must answer 400.
const PATH_VALUES: { raw: string; refuse: boolean }[] = [
  { raw: "%ZZ", refuse: true },
  { raw: "%00", refuse: true },
  { raw: "a%00b", refuse: true },
  { raw: "%ED%A0%80", refuse: true }, // an encoded surrogate: not UTF-8
  { raw: "%C0%AF", refuse: true }, // overlong UTF-8
  { raw: "%", refuse: true },
  { raw: "%E2%80%AE%E2%80%8B", refuse: false }, // bidi override, zero-width space: valid text
  { raw: "%F3%A0%80%81", refuse: false }, // a tag character
  { raw: "-0", refuse: false },
  { raw: "1e308", refuse: false },
  { raw: "NaN", refuse: false },
  { raw: "00000000-0000-0000-0000-000000000000", refuse: false },
  { raw: "9".repeat(40), refuse: false },
  { raw: "x".repeat(4000), refuse: false },
  { raw: "%27%20OR%201%3D1--", refuse: false },
  { raw: "%3Cscript%3E", refuse: false },
  { raw: "a%2Fb", refuse: false },
];
const pathArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PATH_VALUES) },
  { weight: 1, arbitrary: fc.uuid().map((raw) => ({ raw, refuse: false })) },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 20 }).map((s) => ({ raw: encodeURIComponent(s.replace(/[\ud800-\udfff]/g, "x")), refuse: false })) },
);

const QUERY_KEYS = ["range", "from", "to", "gateway", "server", "tool", "team", "user", "status", "flag", "q", "asOf", "cursor", "limit", "wait", "format", "by", "staleAfterSeconds", "page", "ts"];
const QUERY_VALUES: { raw: string; refuse: boolean }[] = [
  { raw: "%00", refuse: true },
  { raw: "a%00b", refuse: true },
  { raw: "%ZZ", refuse: false }, // URLSearchParams reads it literally
  { raw: "%ED%A0%80", refuse: false }, // decoded to U+FFFD by URLSearchParams
  { raw: "1e308", refuse: false },
  { raw: "-0", refuse: false },
  { raw: "NaN", refuse: false },
  { raw: "-1", refuse: false },
  { raw: "99999999999999999999", refuse: false },
  { raw: "custom", refuse: false },
  { raw: "2026-02-30T00:00:00Z", refuse: false },
  { raw: encodeURIComponent(INVISIBLE[0]), refuse: false },
  { raw: "x".repeat(3000), refuse: false },
  { raw: "", refuse: false },
];
const queryArb = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.constantFrom("%00", "a%00", "x")), fc.constantFrom(...QUERY_VALUES)), { maxLength: 3 })
  .map((pairs) => ({
    raw: pairs.map(([k, v]) => `${k}=${v.raw}`).join("&"),
    refuse: pairs.some(([k, v]) => v.refuse || k.includes("%00")),
  }));

interface FuzzCase {
  params: { raw: string; refuse: boolean }[];
  query: { raw: string; refuse: boolean };
  body: Body | null;
}

const caseArb = (route: RouteMethod): fc.Arbitrary<FuzzCase> =>
  fc.record({
    params: fc.array(pathArb, { minLength: route.segments.filter((s) => s.param).length, maxLength: route.segments.filter((s) => s.param).length }),
    query: queryArb,
    body:
      route.method === "GET"
        ? fc.constant(null)
        : TEMPLATES[`${route.method} ${route.template}`]
          ? fc.option(fc.oneof({ weight: 1, arbitrary: bodyArb }, { weight: 1, arbitrary: spoiledArb(TEMPLATES[`${route.method} ${route.template}`]) }), { nil: null, freq: 8 })
          : fc.option(bodyArb, { nil: null, freq: 6 }),
  });

// ---- the fuzz -----------------------------------------------------------------------------------------

let pool: pg.Pool;
let admin: Session & { id: string };
let gw: Awaited<ReturnType<typeof createTestGateway>>;
let countSql = "";

/** Rows in every table that names the fuzz gateway or the fuzz admin (tables found from the schema). */
async function buildCountSql() {
  const { rows } = await pool.query<{ table_name: string; column_name: string }>(`
    SELECT c.table_name, c.column_name FROM information_schema.columns c
    JOIN pg_class k ON k.relname = c.table_name AND k.relkind IN ('r', 'p') AND NOT k.relispartition
    JOIN pg_namespace n ON n.oid = k.relnamespace AND n.nspname = c.table_schema
    WHERE c.table_schema = 'public' AND c.column_name IN ('gateway_id', 'actor_id', 'created_by_id', 'reviewer_id', 'actor_email')
    ORDER BY 1, 2`);
  const parts = rows.map(({ table_name: t, column_name: c }) =>
    c === "gateway_id"
      ? `(SELECT count(*) FROM "${t}" WHERE "${c}"::text = $1)`
      : c === "actor_email"
        ? `(SELECT count(*) FROM "${t}" WHERE "${c}" IN ($3, $4))`
        : `(SELECT count(*) FROM "${t}" WHERE "${c}"::text = $2)`,
  );
  const names = rows.map((r) => `${r.table_name}.${r.column_name}`);
  countSql = `SELECT ARRAY[${parts.join(", ")}]::bigint[] AS n`;
  return names;
}

let countNames: string[] = [];
let countMs = 0;
async function countRows(): Promise<Record<string, number>> {
  const t = Date.now();
  const { rows } = await pool.query<{ n: string[] }>(countSql, [gw.gatewayId, admin.id, admin.email, gw.name]);
  countMs += Date.now() - t;
  return Object.fromEntries(countNames.map((name, i) => [name, Number(rows[0].n[i])]));
}

async function send(route: RouteMethod, c: FuzzCase, caller: Caller) {
  let i = 0;
  const pathText = route.segments.map((s) => (s.literal ?? c.params[i++].raw)).join("/");
  const url = `${baseUrl()}/${pathText}${c.query.raw ? `?${c.query.raw}` : ""}`;
  const headers: Record<string, string> = {};
  if (caller === "admin") Object.assign(headers, { cookie: admin.cookie, origin: baseUrl() });
  if (caller === "apiKey") headers.authorization = `Bearer ${gw.apiKey}`;
  if (c.body?.contentType) headers["content-type"] = c.body.contentType;
  if (c.body?.contentEncoding) headers["content-encoding"] = c.body.contentEncoding;
  const res = await fetch(url, { method: route.method, headers, redirect: "manual", body: c.body ? c.body.text : undefined });
  return { status: res.status, contentType: res.headers.get("content-type") ?? "", text: await res.text() };
}

function describeCase(route: RouteMethod, c: FuzzCase, caller: Caller) {
  let i = 0;
  const p = route.segments.map((s) => (s.literal ?? c.params[i++].raw.slice(0, 60))).join("/");
  const body = c.body ? ` body: ${c.body.label} ${c.body.contentType ?? "(no type)"}${c.body.contentEncoding ? ` ${c.body.contentEncoding}` : ""} ${typeof c.body.text === "string" ? JSON.stringify(c.body.text.slice(0, 160)) : `${c.body.text.byteLength} bytes`}` : "";
  return `${caller} ${route.method} /${p}${c.query.raw ? `?${c.query.raw.slice(0, 80)}` : ""}${body}`;
}

/** What is wrong with this answer, or null. */
function judge(c: FuzzCase, res: { status: number; contentType: string; text: string }, ownCaller: boolean): string | null {
  if (res.status >= 500) return `answered ${res.status}: ${res.text.slice(0, 300)}`;
  const mustRefuse = c.params.some((p) => p.refuse) || c.query.refuse;
  if (mustRefuse && res.status !== 400) return `a path or query Warden cannot read answered ${res.status}, not 400: ${res.text.slice(0, 200)}`;
  // The route's own caller gets past authentication, so the spoiled body is what it must refuse.
  if (c.body?.mustRefuse && ownCaller && res.status !== 400 && res.status !== 413) return `a spoiled body answered ${res.status}, not 400 (or 413): ${res.text.slice(0, 200)}`;
  if (c.body?.mustRefuse && res.status < 400) return `a spoiled body was accepted (${res.status})`;
  if (/\n\s+at .+:\d+:\d+|node_modules\/|\.tsx?:\d+:\d+/.test(res.text)) return `a stack trace in the answer: ${res.text.slice(0, 300)}`;
  if (res.status < 400) return null;
  if (!res.contentType.startsWith("application/json")) return `error ${res.status} is ${res.contentType || "untyped"}, not JSON: ${res.text.slice(0, 200)}`;
  let body: any;
  try {
    body = JSON.parse(res.text);
  } catch {
    return `error ${res.status} is not valid JSON: ${res.text.slice(0, 200)}`;
  }
  const e = body?.error;
  const shaped =
    e && typeof e.code === "string" && typeof e.message === "string" && (e.issues === undefined || (Array.isArray(e.issues) && e.issues.every((x: any) => typeof x?.path === "string" && typeof x?.message === "string")));
  return shaped ? null : `error ${res.status} is not {"error":{code,message,issues?}}: ${res.text.slice(0, 200)}`;
}

describe("fuzz: every API route, every caller", () => {
  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: inject("databaseUrl"), max: 2 });
    gw = await createTestGateway();
    admin = await createSignedInUser({ roles: ["admin"] });
    countNames = await buildCountSql();
  });
  afterAll(async () => {
    await pool?.end();
    // The channels the fuzz created point at a host no test serves: later alerts must not queue retries to them.
    await disableChannelsTo("https://example.com/");
  });

  it("never answers 5xx, always answers errors as JSON without a stack trace, and writes nothing for a refused request", async () => {
    expect(ROUTES.length).toBeGreaterThan(40);
    expect(countNames).toEqual(expect.arrayContaining(["events.gateway_id", "approvals.gateway_id", "audit_log.actor_id"]));
    const started = Date.now();
    const failures: string[] = [];
    let requests = 0;
    let before = await countRows();
    for (const [r, route] of ROUTES.entries()) {
      for (const caller of ["anonymous", "admin", "apiKey"] as const) {
        const own = (route.audience === "session" && caller === "admin") || (route.audience === "apiKey" && caller === "apiKey") || route.audience === "public";
        // A session action with no body and no path parameter (rotate the signing key, sign out everywhere)
        // cannot be refused by its input: it gets only targets that must be refused before any handler.
        const unrefusable = route.audience === "session" && caller === "admin" && route.method !== "GET" && !route.readsBody && route.segments.every((s) => s.literal);
        const cases = fc.sample(caseArb(route), { seed: SEED + r * 3 + ["anonymous", "admin", "apiKey"].indexOf(caller), numRuns: own ? RUNS : OTHER_RUNS });
        for (const c of cases) {
          if (unrefusable && !c.query.refuse) c.query = { raw: "x=%00", refuse: true };
          const label = describeCase(route, c, caller);
          let res;
          try {
            res = await send(route, c, caller);
          } catch (err) {
            failures.push(`${label}\n    → the connection failed: ${String((err as Error).cause ?? err)}`);
            before = await countRows();
            continue;
          }
          requests++;
          const problem = judge(c, res, own && route.audience !== "public");
          if (problem) failures.push(`${label}\n    → ${problem}`);
          const after = await countRows();
          if (res.status >= 400) {
            const written = countNames.filter((n) => after[n] !== before[n]).map((n) => `${n}: ${before[n]} → ${after[n]}`);
            if (written.length) failures.push(`${label}\n    → refused with ${res.status} but wrote ${written.join(", ")}`);
          }
          before = after;
        }
      }
    }
    console.log(
      `fuzz: seed ${SEED} (FUZZ_SEED), ${RUNS} cases per route and own caller (FUZZ_RUNS), ${ROUTES.length} route methods, ${requests} requests in ${((Date.now() - started) / 1000).toFixed(1)} s (${(countMs / 1000).toFixed(1)} s of it counting ${countNames.length} scoped tables), ${failures.length} failure(s)`,
    );
    expect(failures, `fuzz seed ${SEED}:\n${failures.slice(0, 40).join("\n")}`).toEqual([]);
  }, 600_000);
});
