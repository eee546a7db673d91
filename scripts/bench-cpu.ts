// CPU accounting for the benchmarks, from /proc (Linux): CPU seconds used by the Warden server started
// under this process, by its Postgres (the postmaster, its backends, and the backends that exited
// meanwhile), by this process (the benchmark's clients), and by the whole machine — so a figure measured
// next to other work can be judged by its CPU cost instead of its wall-clock rate.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";

const USER_HZ = 100;

export interface CpuSample {
  server: number;
  postgres: number;
  bench: number;
  /** Every process on the machine (busy time of all cores). */
  machine: number;
}

interface Proc {
  ppid: number;
  /** utime + stime, and cutime + cstime (children that exited and were waited for), in seconds. */
  self: number;
  children: number;
}

function readProcs(): Map<number, Proc> {
  const procs = new Map<number, Proc>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      procs.set(Number(d), { ppid: Number(f[1]), self: (Number(f[11]) + Number(f[12])) / USER_HZ, children: (Number(f[13]) + Number(f[14])) / USER_HZ });
    } catch {
      // gone
    }
  }
  return procs;
}

function machineBusySeconds(): number {
  const [, ...t] = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = t.map(Number);
  return (user + nice + system + irq + softirq + (steal ?? 0)) / USER_HZ;
}

/** Samples the CPU used so far; subtract two samples for a run's cost. */
export function cpuSample(opts: { postgresDataDir: string }): CpuSample {
  const procs = readProcs();
  const descendsFromUs = (pid: number) => {
    for (let p = procs.get(pid)?.ppid, hops = 0; p && hops < 10; p = procs.get(p)?.ppid, hops++) if (p === process.pid) return true;
    return false;
  };
  let server = 0;
  for (const [pid, p] of procs) {
    if (!descendsFromUs(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("server.ts")) server += p.self;
    } catch {
      // gone
    }
  }
  const postmaster = Number(readFileSync(path.join(opts.postgresDataDir, "pg", "postmaster.pid"), "utf8").split("\n")[0]);
  let postgres = (procs.get(postmaster)?.self ?? 0) + (procs.get(postmaster)?.children ?? 0);
  for (const p of procs.values()) if (p.ppid === postmaster) postgres += p.self;
  const own = process.cpuUsage();
  return { server, postgres, bench: (own.user + own.system) / 1e6, machine: machineBusySeconds() };
}

export function cpuSince(before: CpuSample, after: CpuSample): CpuSample {
  return {
    server: after.server - before.server,
    postgres: after.postgres - before.postgres,
    bench: after.bench - before.bench,
    machine: after.machine - before.machine,
  };
}
