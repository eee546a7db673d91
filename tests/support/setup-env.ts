import { inject } from "vitest";

// Test files that read or seed the database directly use the same Postgres as the server under test.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.NEXTAUTH_SECRET ??= "test-secret-0123456789-0123456789-abcdef";
process.env.LOG_LEVEL ??= "warn";
// Deliveries this process queues itself (lib calls) retry as fast as the test servers' (app-server.ts).
process.env.WARDEN_WEBHOOK_RETRY_SECONDS ??= "1";
