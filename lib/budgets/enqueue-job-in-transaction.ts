import "server-only";
import PgBoss from "pg-boss";
import type { PoolClient } from "pg";
import type { JobDefinition } from "../jobs/define-job";

// A job enqueued inside the caller's transaction (the transactional outbox): it exists if and only if the
// transaction commits, so a side effect decided in a transaction (an alert to raise after a settlement)
// is neither lost on commit nor sent for a rolled-back change. pg-boss writes the job row with the
// caller's client; this instance is never started — it only builds pg-boss's own parameterized insert.
// The queue must exist (the job runner creates one per definition at start); false when it does not.

const g = globalThis as unknown as { __wardenOutbox?: PgBoss };

function sender(): PgBoss {
  g.__wardenOutbox ??= new PgBoss({
    schema: "pgboss",
    db: {
      executeSql: async () => {
        throw new Error("the outbox sender only writes through the caller's transaction");
      },
    },
  });
  return g.__wardenOutbox;
}

export async function enqueueJobInTransaction<P extends object>(
  client: PoolClient,
  job: JobDefinition<P>,
  payload: P,
  options: { retryLimit?: number; retryDelay?: number } = {},
): Promise<boolean> {
  const id = await sender().send(job.id, job.payload.parse(payload) as object, {
    retryLimit: options.retryLimit ?? 3,
    retryDelay: options.retryDelay ?? 5,
    db: { executeSql: (text: string, values?: unknown[]) => client.query(text, values) },
  });
  return id !== null;
}
