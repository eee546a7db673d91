// The embedded Postgres lifecycle: first start, restart, reuse by a second process, recovery after the
// owning process is kill -9'd, stale pid files, and running as a non-root user. Real Postgres only.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { promises as fs, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { embeddedPaths, sharedBuffersMb, startEmbeddedPostgres } from '../../lib/db/embedded-postgres';

const root = path.resolve(import.meta.dirname, '../..');
const holdScript = path.join(import.meta.dirname, 'fixtures', 'hold-embedded-postgres.ts');
const isRoot = process.getuid?.() === 0;

const tempDirs: string[] = [];
const children: ChildProcess[] = [];
const cleanups: (() => Promise<unknown>)[] = [];

async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'warden-pg-test-'));
  tempDirs.push(dir);
  return dir;
}

async function query(url: string, sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function postmasterPid(dataDir: string): Promise<number> {
  const text = await fs.readFile(embeddedPaths(dataDir).postmasterPid, 'utf8');
  return Number.parseInt(text.split('\n')[0]!, 10);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitFor(cond: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs tests/db/fixtures/hold-embedded-postgres.ts in a child node process; resolves on READY. */
function startHolder(dataDir: string, opts: { mode?: 'stop'; uid?: number; gid?: number } = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', holdScript, dataDir, ...(opts.mode ? [opts.mode] : [])], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.gid } : {}),
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const ready = new Promise<{ port: number; url: string }>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /READY (\d+) (\S+)/.exec(out);
      if (m) resolve({ port: Number(m[1]), url: m[2]! });
    });
    child.on('exit', (code) => reject(new Error(`holder exited with ${code} before READY: ${err}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, ready, exited, output: () => out, errors: () => err };
}

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => {});
}, 60_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const dir of tempDirs) {
    // Stop anything a test left behind (pg_ctl-free: postgres exits on SIGINT).
    try {
      const pid = await postmasterPid(dir);
      if (alive(pid)) process.kill(pid, 'SIGINT');
      await waitFor(() => !alive(pid), 10_000).catch(() => {});
    } catch {
      /* no server */
    }
    await fs.rm(dir, { recursive: true, force: true });
  }
}, 120_000);

// Each test starts one or more real servers (≈1.5 s each idle, much more on a loaded 2-core box).
describe('startEmbeddedPostgres', { timeout: 120_000 }, () => {
  it('initialises a cluster on first use, keeps data and port across restarts, and stops cleanly', async () => {
    const dataDir = await tempDir();
    const paths = embeddedPaths(dataDir);

    const first = await startEmbeddedPostgres({ dataDir });
    cleanups.push(() => first.stop());
    expect(first.url).toMatch(/^postgresql:\/\/warden:[0-9a-f]{64}@127\.0\.0\.1:\d+\/warden$/);
    expect(statSync(path.join(paths.pgData, 'PG_VERSION')).isFile()).toBe(true);
    expect(statSync(paths.credentials).mode & 0o777).toBe(0o600);
    const [{ version, db, enc }] = await query(
      first.url,
      "SELECT current_setting('server_version_num')::int AS version, current_database() AS db, pg_encoding_to_char(encoding) AS enc FROM pg_database WHERE datname = current_database()",
    );
    expect(version).toBeGreaterThanOrEqual(180000);
    expect(db).toBe('warden');
    expect(enc).toBe('UTF8');
    await query(first.url, 'CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)');
    const pid = await postmasterPid(dataDir);
    await first.stop();
    expect(alive(pid)).toBe(false);
    await expect(fs.access(paths.postmasterPid)).rejects.toThrow();

    const t = Date.now();
    const second = await startEmbeddedPostgres({ dataDir });
    cleanups.push(() => second.stop());
    expect(Date.now() - t).toBeLessThan(5_000); // no initdb this time
    expect(second.port).toBe(first.port);
    expect(second.url).toBe(first.url);
    expect(await query(second.url, 'SELECT v FROM kept')).toEqual([{ v: 42 }]);
  });

  it('sizes shared_buffers to an eighth of the memory, 128 MB … 1 GB', () => {
    const gib = 2 ** 30;
    expect(sharedBuffersMb(512 * 2 ** 20)).toBe(128);
    expect(sharedBuffersMb(4 * gib)).toBe(512);
    expect(sharedBuffersMb(64 * gib)).toBe(1024);
  });

  it('honours an explicit port, only listens on 127.0.0.1, and runs with the sized shared_buffers', async () => {
    const dataDir = await tempDir();
    const probe = await startEmbeddedPostgres({ dataDir });
    const port = probe.port + 1 > 65000 ? probe.port - 1 : probe.port + 1;
    await probe.stop();
    const h = await startEmbeddedPostgres({ dataDir, port });
    cleanups.push(() => h.stop());
    expect(h.port).toBe(port);
    const [{ listen }] = await query(h.url, "SELECT current_setting('listen_addresses') AS listen");
    expect(listen).toBe('127.0.0.1');
    const [{ mb }] = await query(h.url, "SELECT setting::int * 8 / 1024 AS mb FROM pg_settings WHERE name = 'shared_buffers'");
    expect(mb).toBe(sharedBuffersMb());
  });

  it('reuses a server owned by another live Warden process, then recovers it as an orphan after kill -9', async () => {
    const dataDir = await tempDir();
    const holder = startHolder(dataDir);
    const { port } = await holder.ready;
    const orphanPid = await postmasterPid(dataDir);

    // Another process of ours owns it: reuse, same server, and our stop() leaves it running.
    const reused = await startEmbeddedPostgres({ dataDir });
    expect(reused.port).toBe(port);
    expect(await postmasterPid(dataDir)).toBe(orphanPid);
    await reused.stop();
    expect(alive(orphanPid)).toBe(true);
    await query(reused.url, 'SELECT 1');

    // The owner crashes: Postgres keeps running with nobody to stop it.
    holder.child.kill('SIGKILL');
    await holder.exited;
    expect(alive(orphanPid)).toBe(true);

    const recovered = await startEmbeddedPostgres({ dataDir });
    cleanups.push(() => recovered.stop());
    expect(alive(orphanPid)).toBe(false);
    const newPid = await postmasterPid(dataDir);
    expect(newPid).not.toBe(orphanPid);
    expect(await query(recovered.url, 'SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
  });

  it('ignores a stale postmaster.pid whose pid is dead or not a postgres for this directory', async () => {
    const dataDir = await tempDir();
    const h = await startEmbeddedPostgres({ dataDir });
    const pidFileText = await fs.readFile(embeddedPaths(dataDir).postmasterPid, 'utf8');
    await h.stop();

    // A live pid that is not postgres (this test process), as after a reboot that recycled the pid.
    const lines = pidFileText.split('\n');
    lines[0] = String(process.pid);
    await fs.writeFile(embeddedPaths(dataDir).postmasterPid, lines.join('\n'));
    const again = await startEmbeddedPostgres({ dataDir });
    expect(await query(again.url, 'SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    await again.stop();

    // A dead pid.
    lines[0] = '999999';
    await fs.writeFile(embeddedPaths(dataDir).postmasterPid, lines.join('\n'));
    const third = await startEmbeddedPostgres({ dataDir });
    cleanups.push(() => third.stop());
    expect(await query(third.url, 'SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
  });

  it('serialises two processes starting the same fresh data dir at once', async () => {
    const dataDir = await tempDir();
    const a = startHolder(dataDir);
    const b = startHolder(dataDir);
    const [ra, rb] = await Promise.all([a.ready, b.ready]);
    expect(ra.port).toBe(rb.port);
    expect(ra.url).toBe(rb.url);
    await query(ra.url, 'SELECT 1');
  });

  it.skipIf(!isRoot)('works for a non-root user (run here as nobody)', async () => {
    let uid: number;
    let gid: number;
    try {
      uid = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }));
      gid = Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' }));
    } catch {
      return; // no such user on this machine
    }
    const dir = await tempDir();
    await fs.chown(dir, uid, gid);
    const dataDir = path.join(dir, 'data');
    const holder = startHolder(dataDir, { mode: 'stop', uid, gid });
    const { url } = await holder.ready;
    expect(url).toMatch(/^postgresql:\/\/warden:/);
    expect(await holder.exited).toBe(0);
    expect(holder.output()).toContain('STOPPED');
    const st = statSync(path.join(dataDir, 'pg'));
    expect(st.uid).toBe(uid);
  });
});
