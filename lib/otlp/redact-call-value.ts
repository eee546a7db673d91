import { maskSecrets } from "../guards/mask-secrets";

/**
 * A tool call's arguments or result with secrets masked before Warden stores them (spans carry what the
 * instrumentation saw, unredacted). Uses lib/guards' secret masking; `redacted` says whether anything changed.
 */
export function redactCallValue(opts: { value: unknown }): { value: unknown; redacted: boolean } {
  const value = maskSecrets(opts.value);
  return { value, redacted: JSON.stringify(value) !== JSON.stringify(opts.value) };
}
