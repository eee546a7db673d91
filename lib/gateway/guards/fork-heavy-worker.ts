import { fork } from "node:child_process";
import { setPriority } from "node:os";
import type { StartHeavyWorker } from "../../guards/heavy/create-heavy-scanner";

// The gateway's heavy worker (docs/guards.md "Two speeds"): lib/guards/heavy/heavy-scan-worker.mjs as a child
// process (node IPC) at a low CPU priority — `os.setPriority(pid, nice)`, 19 by default — so on a busy
// machine the heavy rules yield the cores to the gateway's calls (a worker thread cannot have a priority of
// its own). Messages sent before the child has loaded its rules wait for its { ready }: IPC messages that
// arrive before the child listens would be lost. The child exits when the gateway goes (IPC disconnect).
export function forkHeavyWorker(o: { nice?: number } = {}): StartHeavyWorker {
  return ({ file, lane, onMessage, onError, onExit }) => {
    let ready = false;
    const early: unknown[] = [];
    const child = fork(file, [], { env: { ...process.env, WARDEN_HEAVY_LANE: lane }, stdio: ["ignore", "ignore", "inherit", "ipc"], serialization: "advanced" });
    if (child.pid !== undefined) {
      try {
        setPriority(child.pid, o.nice ?? 19);
      } catch {
        // Not permitted here: it still runs apart from the gateway's event loop.
      }
    }
    child.on("message", (m: Parameters<typeof onMessage>[0]) => {
      if (m.ready !== undefined && !ready) {
        ready = true;
        for (const e of early.splice(0)) child.send(e as never);
      }
      onMessage(m);
    });
    child.on("error", onError);
    child.on("exit", (code, signal) => onExit(code ?? signal));
    return {
      post: (m) => (ready ? child.send(m as never) : early.push(m)),
      ref() {
        child.ref();
        child.channel?.ref();
      },
      unref() {
        child.unref();
        child.channel?.unref();
      },
      async terminate() {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      },
    };
  };
}
