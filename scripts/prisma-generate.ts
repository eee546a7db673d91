/**
 * `prisma generate`, offline (used as the package.json postinstall).
 *
 * The Prisma 7 CLI refuses to start without a schema engine binary and tries to download one from
 * Prisma's server, which these machines cannot reach. `generate` never runs that binary (the
 * `prisma-client` generator needs no query engine either), so we point PRISMA_SCHEMA_ENGINE_BINARY at
 * a file that exists: this script itself. It is not executable, so if some CLI command ever did try to
 * run it, it would fail loudly rather than run something else. Only used by `generate`: migrations go
 * through the Wasm schema engine (lib/db/migrate.ts).
 *
 * Usage: tsx scripts/prisma-generate.ts [extra prisma generate args]
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const prismaBin = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'prisma.cmd' : 'prisma');

if (!existsSync(prismaBin)) {
  // e.g. `npm ci --omit=dev`: the CLI is a devDependency; the generated client must then be built already.
  console.log('prisma-generate: prisma CLI not installed, skipping `prisma generate`');
  process.exit(0);
}

const env: NodeJS.ProcessEnv = {
  ...process.env,
  CHECKPOINT_DISABLE: '1', // no update/telemetry check over the network
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
};
if (!env.PRISMA_SCHEMA_ENGINE_BINARY || !existsSync(env.PRISMA_SCHEMA_ENGINE_BINARY)) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = fileURLToPath(import.meta.url);
}

const child = spawn(prismaBin, ['generate', ...process.argv.slice(2)], { cwd: root, env, stdio: 'inherit' });
child.on('error', (err) => {
  console.error(`prisma-generate: could not run ${prismaBin}: ${err.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  if (signal) {
    console.error(`prisma-generate: prisma generate killed by ${signal}`);
    process.exit(1);
  }
  process.exit(code ?? 1);
});
