// Interactive transactions that append to the audit chain wait for its lock; under load the Prisma
// defaults (2 s to start, 5 s to run) are too tight for a few small writes queued behind others.
export const TX_OPTIONS = { maxWait: 10_000, timeout: 20_000 } as const;
