// The server process's shutdown, as a signal that request handlers can wait on. Kept on globalThis
// because Next bundles route code separately from server.ts, and both must see the same controller.
const g = globalThis as unknown as { __wardenShutdown?: AbortController };

function controller(): AbortController {
  g.__wardenShutdown ??= new AbortController();
  return g.__wardenShutdown;
}

/** Aborts when the server begins to shut down: long waits (approval long-polls) end at once. */
export function serverShutdownSignal(): AbortSignal {
  return controller().signal;
}

/** Called once by server.ts on SIGTERM/SIGINT, before it stops accepting connections. */
export function beginServerShutdown(): void {
  controller().abort(new Error("server shutting down"));
}
