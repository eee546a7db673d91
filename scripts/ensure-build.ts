// `npm start` builds the app only when the build is missing or older than the source, so a restart
// with an existing build takes seconds.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
const distDir = process.env.WARDEN_DIST_DIR || ".next";
const buildId = path.join(root, distDir, "BUILD_ID");
const SOURCE_DIRS = ["app", "components", "lib", "public"];
const SOURCE_FILES = ["next.config.ts", "proxy.ts", "package-lock.json", "postcss.config.mjs", "tsconfig.json"];

function newest(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const entry of readdirSync(p)) {
    if (entry === "node_modules" || entry.startsWith(".") || entry.endsWith(".test.ts")) continue;
    max = Math.max(max, newest(path.join(p, entry)));
  }
  return max;
}

const built = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
const source = Math.max(...SOURCE_DIRS.map((d) => newest(path.join(root, d))), ...SOURCE_FILES.map((f) => newest(path.join(root, f))));
if (built > source) {
  console.log(`Using the existing build in ${distDir}.`);
} else {
  console.log("Building Warden (first start, or the source changed)…");
  const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
  const r = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
