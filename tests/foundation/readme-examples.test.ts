import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { inject } from "vitest";
import { uniq } from "../support/factories";
import { baseUrl } from "../support/http";

const root = path.resolve(import.meta.dirname, "../..");

/** The README's shell block that follows `marker`, as written. */
async function readmeBlock(marker: string): Promise<string> {
  const readme = await readFile(path.join(root, "README.md"), "utf8");
  const at = readme.indexOf(marker);
  if (at < 0) throw new Error(`README has no ${marker}`);
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(at));
  if (!block) throw new Error(`no sh block after ${marker}`);
  return block[1];
}

describe("README examples run as written", () => {
  it("registering a gateway and sending an event (bash, node, curl, coreutils only) stores the event", { timeout: 120_000 }, async () => {
    // The only changes: Warden's address (the test server, not localhost:3000) and a unique gateway name.
    const script = (await readmeBlock("<!-- example: send an event -->"))
      .replaceAll("http://localhost:3000", baseUrl())
      .replaceAll("my-gateway", uniq("readme-gw"));
    const dir = await mkdtemp(path.join(tmpdir(), "warden-readme-"));
    const file = path.join(dir, "example.sh");
    await writeFile(file, `set -euo pipefail\n${script}`);
    try {
      const result = await new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const child = spawn("bash", [file], { cwd: root, env: { ...process.env, DATABASE_URL: inject("databaseUrl"), LOG_LEVEL: "silent" } });
        let out = "";
        let err = "";
        child.stdout.on("data", (c) => (out += c));
        child.stderr.on("data", (c) => (err += c));
        child.on("close", (code) => resolve({ code, out, err }));
      });
      expect(result.err).toBe("");
      expect(result.code).toBe(0);
      expect(JSON.parse(result.out.trim().split("\n").at(-1)!)).toEqual({ accepted: 1, duplicates: 0 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
