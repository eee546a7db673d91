import type { JobDefinition } from "./define-job";

// Every job Warden runs. Each domain defines its jobs in lib/<domain>/jobs.ts and lists them here.
export const ALL_JOBS: JobDefinition<any>[] = [];
