import { defineConfig } from "@playwright/test";

// The e2e stack (embedded Postgres + the real server) is started by e2e/support/serve-stack.ts on a free
// port chosen here once; workers inherit it through the environment.
process.env.E2E_PORT ??= String(40000 + Math.floor(Math.random() * 20000));
const port = Number(process.env.E2E_PORT);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  tsconfig: "./tsconfig.node.json",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  // One worker: with two, on a fresh machine (cold transform cache) both workers' module loaders compile
  // the same lib files at once and one of them can read the other's half-written cache file ("does not
  // provide an export named …", seen once in CI). The specs mostly wait on the server anyway.
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  outputDir: "test-results/e2e",
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  webServer: {
    command: `node node_modules/tsx/dist/cli.mjs --tsconfig tsconfig.node.json e2e/support/serve-stack.ts`,
    url: `${baseURL}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
  },
});
