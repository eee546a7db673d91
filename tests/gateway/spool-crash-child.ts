// Child process for tests/gateway/spool-crash.test.ts: writes to a spool and is SIGKILLed by the test.
//   steps <dir> <sink> <calls> <batch>: started / finished per call, then per batch "deliver" (append the
//     ids to the sink file, fsync'd: an idempotent stand-in for Warden) and acknowledge. After every step it
//     prints the step and waits for "go" on stdin, so the test can kill it between any two steps.
//   stream <dir>: 8 concurrent writers of large events, no pauses: the kill lands anywhere, mid-write too.
import { randomUUID } from "node:crypto";
import { appendFile, open } from "node:fs/promises";
import { createInterface } from "node:readline";
import { openSpool, type SpoolEvent } from "../../lib/gateway/spool/open-spool";

const [mode, dir, sink, callsArg, batchArg] = process.argv.slice(2);
const log = { info: () => {}, warn: () => {}, error: (o: object, m?: string) => console.error(m, o) };
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const say = (s: string) => new Promise<void>((r) => process.stdout.write(`${s}\n`, () => r()));

async function step(s: string) {
  await say(s);
  await lines.next(); // "go"
}

const event = (i: number, blob = 0): SpoolEvent => ({
  id: randomUUID(),
  timestamp: new Date().toISOString(),
  userId: "u1",
  server: "fs",
  tool: "write_file",
  status: "ok",
  durationMs: i,
  params: blob ? { blob: "z".repeat(blob) } : { i },
});

async function main() {
  const spool = await openSpool({ dir, capBytes: 512 * 1024 * 1024, whenFull: "refuse", log, segmentBytes: mode === "stream" ? 256 * 1024 : 2048 });
  if (mode === "steps") {
    const calls = Number(callsArg);
    const batch = Number(batchArg);
    await step("open");
    for (let i = 0; i < calls; i++) {
      const e = event(i);
      await spool.started(e);
      await step(`started ${e.id}`);
      await spool.finished({ ...e, durationMs: 1000 + i });
      await step(`finished ${e.id}`);
      if ((i + 1) % batch === 0) {
        const { events, next } = await spool.readPending({ maxEvents: batch });
        await appendFile(sink, events.map((x) => JSON.stringify({ id: x.id, status: x.status, errorType: x.errorType ?? null }) + "\n").join(""));
        const h = await open(sink, "r");
        await h.sync();
        await h.close();
        await step(`delivered ${events.map((x) => x.id).join(",")}`);
        await spool.acknowledge({ next, events: events.length, sent: events.length, deadLettered: 0 });
        await step("acked");
      }
    }
    await step("done");
    await spool.close();
    process.exit(0);
  }
  await say("open");
  const writer = async (w: number) => {
    for (let i = 0; ; i++) {
      const e = event(w * 1_000_000 + i, 3000 + ((i * 977) % 9000));
      await say(`starting ${e.id}`);
      await spool.started(e);
      await say(`started ${e.id}`);
      await spool.finished(e);
      await say(`finished ${e.id}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)));
}

void main();
