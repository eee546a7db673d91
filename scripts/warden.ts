// The Warden CLI: `npm run -s warden -- <command>`. Prints JSON for automation.
import path from "node:path";
import { Command } from "commander";
import { parseEnv } from "../lib/env";
import { startEmbeddedPostgres } from "../lib/db/embedded-postgres";
import { applyMigrations } from "../lib/db/migrate";
import { closeDb } from "../lib/db";
import { ZodError } from "zod";
import { ApiError, errorBody, zodIssues } from "../lib/http/errors";
import { registerUserCommands } from "./cli/user-commands";
import { registerAuditCommands } from "./cli/audit-commands";
import { registerGatewayCommands } from "./cli/gateway-commands";

export type Run = (fn: () => Promise<unknown>) => Promise<void>;

let stopEmbedded: (() => Promise<void>) | undefined;

/** Connects (starting the embedded Postgres when DATABASE_URL is unset), runs, prints JSON, exits. */
const run: Run = async (fn) => {
  let code = 0;
  try {
    const env = parseEnv();
    if (!env.DATABASE_URL) {
      const pg = await startEmbeddedPostgres({ dataDir: path.resolve(env.WARDEN_DATA_DIR) });
      process.env.DATABASE_URL = pg.url;
      stopEmbedded = pg.stop;
    }
    await applyMigrations(process.env.DATABASE_URL!);
    const out = await fn();
    await writeAll(process.stdout, JSON.stringify(out, null, 2) + "\n");
    if (out && typeof out === "object" && "ok" in out && (out as { ok: unknown }).ok === false) code = 1;
  } catch (err) {
    // The API's error shape: a validation error lists each issue with its path, as a 400 would.
    const body =
      err instanceof ApiError
        ? errorBody(err.code, err.message, err.options.issues)
        : err instanceof ZodError
          ? errorBody("invalid_request", "The request is not valid.", zodIssues(err))
          : { error: { code: "failed", message: err instanceof Error ? err.message : String(err) } };
    await writeAll(process.stderr, JSON.stringify(body, null, 2) + "\n");
    code = 1;
  } finally {
    await closeDb().catch(() => undefined);
    await stopEmbedded?.().catch(() => undefined);
  }
  process.exit(code);
};

/**
 * Resolves once `text` has been handed to the OS. On a pipe, stdout is asynchronous: a long answer (a
 * `gateway list` of 200 KB) written just before process.exit() was cut off mid-JSON.
 */
function writeAll(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => stream.write(text, (err) => (err ? reject(err) : resolve())));
}



const program = new Command("warden").description("Warden command line").showHelpAfterError();
registerUserCommands(program, run);
registerAuditCommands(program, run);
registerGatewayCommands(program, run);
await program.parseAsync(process.argv);
