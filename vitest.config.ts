import path from "node:path";
import { defineConfig } from "vitest/config";

/** Module resolution shared with vitest.unit.config.ts. */
export const resolve = {
  alias: {
    "@": path.resolve(import.meta.dirname),
    // `server-only` guards Next's client bundles; tests run lib code directly on the server side.
    "server-only": path.resolve(import.meta.dirname, "lib/server-only-shim.ts"),
  },
};

export default defineConfig({
  resolve,
  test: {
    include: ["lib/**/*.test.ts", "tests/**/*.test.ts", "components/**/*.test.ts"],
    exclude: ["e2e/**", "node_modules/**", ".next*/**"],
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/setup-env.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Files mostly wait on I/O (the servers, Postgres, job queues, child processes), not on the CPU: run
    // two at a time. (Vitest's default is one per core but one, which on a 2-core machine ran them one
    // after the other; three at a time made CPU-heavy files race for the cores and flake in clean-clone
    // runs.) Override with --maxWorkers.
    maxWorkers: 2,
  },
});
