import path from "node:path";
import { defineConfig } from "vitest/config";

// Unit tests only (pure logic beside the code in lib/ and components/): no database, no server. The test
// command also runs them under Node 24 (scripts/test-all.sh) to prove the supported Node lines.
export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      "server-only": path.resolve(import.meta.dirname, "lib/server-only-shim.ts"),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "components/**/*.test.ts"],
    exclude: ["e2e/**", "node_modules/**", ".next*/**"],
    testTimeout: 30_000,
    pool: "forks",
  },
});
