import { fork } from "node:child_process";
import { setPriority } from "node:os";
import type { StartHeavyWorker } from "../../guards/heavy/create-heavy-scanner";

// The gateway's heavy worker (docs/guards.md "Two speeds"): lib/guards/heavy/heavy-scan-worker.mjs as a child
// process (node IPC) at a low CPU priority — `os.setPriority(pid, nice)`, 19 by default — so on a busy
// machine the heavy rules yield the cores to the gateway's calls (a worker thread cannot have a priority of
// its own). Messages sent before the child has loaded its rules wait for its { ready }: IPC messages that
// arrive before the child listens would be lost. The child exits when the gateway goes (IPC disconnect).
// Least privilege: the child's environment is its lane and the few variables a Node process expects (below:
// search path, home, temporary directory — tsx's loader caches there —, locale, time zone, NODE_OPTIONS), not
// the gateway's, which holds its Warden API key and the upstreams' secrets. Neither the worker nor its
// modules read any other (agent-threat-rules' engine takes its lane as an option; secretlint only its debug
// switch, DEBUG). The child inherits the gateway's execArgv (Node's default), so under `npm run gateway`
// tsx's loader runs in it too; that loader needs none of tsx's variables for the plain .mjs worker.

/** The variables the child gets from the gateway's environment, when set. */
const NODE_VARS = ["PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "TZ", "NODE_OPTIONS"] as const;

export function forkHeavyWorker(o: { nice?: number } = {}): StartHeavyWorker {
  return ({ file, lane, onMessage, onError, onExit }) => {
    let ready = false;
    const early: unknown[] = [];
    const env: Record<string, string> = { WARDEN_HEAVY_LANE: lane };
    for (const k of NODE_VARS) if (process.env[k] !== undefined) env[k] = process.env[k]!;
    const child = fork(file, [], { env: env as NodeJS.ProcessEnv, stdio: ["ignore", "ignore", "inherit", "ipc"], serialization: "advanced" });
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
