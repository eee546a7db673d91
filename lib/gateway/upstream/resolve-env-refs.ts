import { ENV_REF } from "../config/schema";

/** Replaces `${NAME}` with the gateway's env var NAME; a missing variable is an error naming it. */
export function resolveEnvRefs(o: { value: string; env: NodeJS.ProcessEnv; where: string }): string {
  return o.value.replace(ENV_REF, (_, name: string) => {
    const v = o.env[name];
    if (v === undefined) throw new Error(`${o.where}: environment variable ${name} is not set`);
    return v;
  });
}
