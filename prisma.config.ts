/**
 * Prisma 7 CLI configuration. Prisma 7 no longer loads `.env` by itself, and neither does this file:
 * DATABASE_URL comes from the real environment. It is optional: `prisma generate` needs no database,
 * and Warden applies migrations itself (lib/db/migrate.ts, `npm run db:migrate`), offline, with the
 * Wasm schema engine, because the CLI's migrate commands download a native engine this environment
 * cannot reach. The migrations folder stays compatible with `prisma migrate deploy` where the CLI works.
 */
import { defineConfig } from 'prisma/config';

const url = process.env.DATABASE_URL;

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: {
    path: 'prisma/migrations',
  },
  ...(url ? { datasource: { url } } : {}),
});
