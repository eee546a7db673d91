// Standalone config for the database-infrastructure tests: `npx vitest run --config tests/db/vitest.config.ts`.
// They start their own embedded Postgres in temp dirs and need none of the root config's global setup
// (which builds and starts the app). The root config runs them too, as part of `npm test`.
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: path.resolve(import.meta.dirname, '../..'),
  test: {
    include: ['tests/db/**/*.test.ts'],
    exclude: ['e2e/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
