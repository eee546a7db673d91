import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { closeDb, db } from "../../lib/db";
import { decide } from "../approvals/approval-factory";
import { createSignedInUser } from "../support/factories";
import { api, type Session } from "../support/http";

// Issue 16's "done when": a new user runs `npm run demo:gateway`, watches a real MCP client's calls appear
// in Warden, approves the held write in the queue and sees the call complete. This runs the real script
// (tsx, the Warden CLI, warden-gateway, three real MCP servers, the SDK client) against the suite's Warden
// and database, and plays the person: a reviewer finds the held write in the queue through the dashboard
// API and approves it; someone with events:read then finds every scripted call among the gateway's events.

const root = path.resolve(import.meta.dirname, "../..");
let demo: ChildProcess | undefined;
let stdout = "";
let stderr = "";
let exited: Promise<number | null> | undefined;

const demoOutput = () => `\n--- demo stdout ---\n${stdout}\n--- demo stderr ---\n${stderr}`;

/** Polls `fn` until it returns a value; with `whileDemoRuns`, fails at once if the script has exited. */
async function until<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  timeoutMs: number,
  opts: { whileDemoRuns?: boolean } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (opts.whileDemoRuns && demo && (demo.exitCode !== null || demo.signalCode !== null)) {
      throw new Error(`the demo exited (${demo.exitCode ?? demo.signalCode}) while waiting for ${what}${demoOutput()}`);
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${demoOutput()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function startDemo() {
  // detached: the script runs in a process group of its own, so a failed run is stopped as a whole below.
  demo = spawn("npm", ["run", "-s", "demo:gateway"], {
    cwd: root,
    env: { ...process.env, WARDEN_URL: inject("baseUrl"), DATABASE_URL: inject("databaseUrl"), LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  demo.stdout!.on("data", (d) => (stdout += d));
  demo.stderr!.on("data", (d) => (stderr += d));
  const child = demo;
  exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

/** The script's exit code, or an error with its output if it is still running after `ms`. */
async function exitWithin(ms: number): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the demo did not exit within ${ms} ms${demoOutput()}`)), ms);
  });
  try {
    return await Promise.race([exited!, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

afterAll(async () => {
  // A failed run: stop the script's whole process group (it, its gateway and the MCP servers) and remove the
  // temporary folder it would have removed itself.
  if (demo?.pid && demo.exitCode === null && demo.signalCode === null) {
    try {
      process.kill(-demo.pid, "SIGTERM");
    } catch {
      // already gone
    }
    await exitWithin(30_000).catch(() => undefined);
    const dir = /\(config (\S*warden-demo-[^/\s]+)\/warden-gateway\.json\)/.exec(stdout)?.[1];
    if (dir) await rm(dir, { recursive: true, force: true });
  }
  await closeDb();
});

async function gatewayEvents(session: Session, gatewayId: string) {
  const res = await api(`/api/events?range=1h&gateway=${gatewayId}&limit=200`, { session });
  expect(res.status, res.text).toBe(200);
  return res.json.events as { id: string; ts: string; server: string; tool: string; status: string }[];
}

describe("npm run demo:gateway", () => {
  it("holds the agent's write_file in Warden's queue until a reviewer approves it, then completes it; every scripted call is an event", async () => {
    const reviewer = await createSignedInUser({ roles: ["reviewer"] });
    const auditor = await createSignedInUser({ roles: ["security"] });
    startDemo();

    // The script creates its gateway with the CLI and says so.
    const gatewayName = await until("the gateway to be created", () => /Gateway "([^"]+)" created/.exec(stdout)?.[1], 75_000, { whileDemoRuns: true });
    const gateway = await db().gateway.findUniqueOrThrow({ where: { name: gatewayName } });
    expect(stdout).toContain(`Warden: ${inject("baseUrl")} (running)`);

    // The held write shows up in the reviewer's queue, from that gateway, as the demo agent.
    const pending = await until(
      "the held write_file in the approval queue",
      async () => {
        const res = await api(`/api/approvals?view=queue&gatewayId=${gateway.id}`, { session: reviewer });
        expect(res.status, res.text).toBe(200);
        return res.json.approvals[0] as { id: string; server: string; tool: string; userId: string; gatewayName: string; ruleName: string | null; status: string } | undefined;
      },
      45_000,
      { whileDemoRuns: true },
    );
    expect(pending).toMatchObject({ server: "filesystem", tool: "write_file", userId: "demo-agent@example.com", gatewayName, status: "pending" });
    expect(pending.ruleName).toBe(`demo: ${gatewayName} filesystem write_file`);
    expect(stdout).toContain("held for approval");
    expect(stdout).toContain(`${inject("baseUrl")}/approvals`);

    // The reviewer checks the params (the file the agent asked to write and what it writes) and approves.
    const target = /filesystem__write_file (\S+notes\.txt) — held for approval/.exec(stdout)?.[1];
    expect(target).toBeTruthy();
    const detail = await api(`/api/approvals/${pending.id}`, { session: reviewer });
    expect(detail.status, detail.text).toBe(200);
    const params = detail.json.approval.params as { path: string; content: string };
    expect(params.path).toBe(target);
    expect(params.content).toMatch(/^Written through warden-gateway at /);
    const decision = await decide(reviewer, pending.id, "approve");
    expect(decision.status, decision.text).toBe(200);

    // The call completes: the script reports the write and the file's content read back from disk, then exits 0
    // and removes its temporary folder.
    const code = await exitWithin(45_000);
    expect(code, demoOutput()).toBe(0);
    expect(stdout).not.toContain("the write was refused");
    expect(stdout).toContain(`agent: write_file → "Successfully wrote to ${target}"`);
    expect(stdout).toContain(`file now contains: ${params.content.trim()}`);
    expect(existsSync(path.dirname(path.dirname(target!)))).toBe(false);

    // Every scripted call is an event of that gateway in Warden; the write carries the approval that released it.
    const expected = ["everything/echo", "memory/create_entities", "filesystem/list_directory", "filesystem/write_file"];
    const readsResource = stdout.includes("agent: resources/read ");
    const events = await until(
      "the demo's events in Warden",
      async () => {
        const rows = await gatewayEvents(auditor, gateway.id);
        const seen = new Set(rows.map((e) => `${e.server}/${e.tool}`));
        const all = expected.every((k) => seen.has(k)) && (!readsResource || rows.some((e) => e.tool === "resources/read"));
        return all && rows;
      },
      30_000,
    );
    for (const key of expected) {
      const rows = events.filter((e) => `${e.server}/${e.tool}` === key);
      expect(rows.map((e) => e.status), key).toEqual(["ok"]);
    }
    const write = events.find((e) => e.tool === "write_file")!;
    const writeDetail = await api(`/api/events/${write.id}?ts=${encodeURIComponent(write.ts)}`, { session: auditor });
    expect(writeDetail.status, writeDetail.text).toBe(200);
    expect(writeDetail.json).toMatchObject({ status: "ok", userId: "demo-agent@example.com", identitySource: "static-token", approvalId: pending.id });

    // Issue 17's rug pull: acme's tools waited for review, were approved, then add changed after its first call;
    // the gateway hid it and refused its next call (tool_changed), Warden raised the alert naming it; the
    // planted key came back redacted and the injected page fenced.
    expect(stdout).toContain("acme__add 2+3 → \"5\"");
    expect(stdout).toContain("acme__add is gone");
    expect(stdout).toMatch(/acme__add → refused: .*acme\/add changed/);
    expect(stdout).toMatch(/acme__read_config → .*\[REDACTED:/);
    expect(stdout).toMatch(/acme__read_page → fenced: .*untrusted-output/);
    const rugPull = await db().event.findFirst({ where: { gatewayId: gateway.id, server: "acme", tool: "add", status: "blocked" } });
    expect(rugPull).toMatchObject({ errorType: "tool_changed" });
    // The alert comes from the gateway's tools report of the changed list, which may reach Warden after the demo's
    // last call (the gateway sends a pending report when it stops); a report that failed is retried a minute later.
    await expect.poll(() => db().alert.count({ where: { kind: "tool_changed", subjectValue: "acme/add" } }), { timeout: 90_000, interval: 250 }).toBe(1);

    const decided = await api(`/api/approvals?view=history&gatewayId=${gateway.id}`, { session: reviewer });
    expect(decided.json.approvals.map((a: { id: string; status: string }) => [a.id, a.status])).toEqual([[pending.id, "approved"]]);
  }, 180_000);
});
