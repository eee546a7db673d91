import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "./embedded-postgres";

export interface SupervisedPostgres {
  url: string;
  port: number;
  stop: () => Promise<void>;
}

const BACKOFF_MS = [250, 500, 1_000, 2_000, 4_000, 8_000, 15_000];

/**
 * Starts the embedded Postgres and keeps it running: if it dies without being asked to (`kill -9` of
 * the postmaster, the OOM killer), it is started again on the same port with the same credentials, so
 * the URL every pool holds stays valid and their next connections succeed. Attempts back off (the dead
 * postmaster's backends must exit before its shared memory can be reused); when every attempt fails,
 * `onGiveUp` is called — the server then exits non-zero so a process manager restarts Warden.
 */
export async function superviseEmbeddedPostgres(opts: {
  dataDir: string;
  log: (msg: string) => void;
  onRestarted?: () => void;
  onGiveUp: (err: unknown) => void;
}): Promise<SupervisedPostgres> {
  let current: EmbeddedPostgresHandle;
  let stopping = false;

  const restart = async (why: string) => {
    for (const [attempt, delay] of BACKOFF_MS.entries()) {
      if (stopping) return;
      await new Promise((r) => setTimeout(r, delay));
      if (stopping) return;
      try {
        current = await startEmbeddedPostgres({ dataDir: opts.dataDir, port: current.port, log: opts.log, onUnexpectedExit: (w) => void restart(w) });
        opts.log(`embedded postgres: restarted after "${why}" (attempt ${attempt + 1})`);
        opts.onRestarted?.();
        return;
      } catch (err) {
        opts.log(`embedded postgres: restart attempt ${attempt + 1} failed: ${err instanceof Error ? err.message : String(err)}`);
        if (attempt === BACKOFF_MS.length - 1) opts.onGiveUp(err);
      }
    }
  };

  current = await startEmbeddedPostgres({ dataDir: opts.dataDir, log: opts.log, onUnexpectedExit: (why) => void restart(why) });
  return {
    url: current.url,
    port: current.port,
    stop: async () => {
      stopping = true;
      await current.stop();
    },
  };
}
