import { defineConfig } from "vitest/config";
import { resolve } from "./vitest.config";

// Unit tests only (pure logic beside the code in lib/ and components/): no database, no server. The test
// command also runs them under Node 24 (scripts/test-all.sh) to prove the supported Node lines.
export default defineConfig({
  resolve,
  test: {
    include: ["lib/**/*.test.ts", "components/**/*.test.ts"],
    exclude: ["e2e/**", "node_modules/**", ".next*/**"],
    testTimeout: 30_000,
    pool: "forks",
  },
});
