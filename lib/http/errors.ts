import { ZodError } from "zod";
import { log } from "../log";

// One error class, one JSON shape: {"error":{"code","message","issues"?}}.
export const ERROR_STATUS = {
  invalid_request: 400,
  /** A NUL or an unpaired surrogate in a string, key, path or query parameter (Postgres cannot store them). */
  invalid_text: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorIssue {
  index?: number;
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly options: { issues?: ErrorIssue[]; retryAfterSeconds?: number } = {},
  ) {
    super(message);
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** Formats a zod path like `events[3].params.to`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || "(root)";
}

export function zodIssues(error: ZodError): ErrorIssue[] {
  return error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
}

// pg and Postgres codes, and Prisma's "cannot reach / timed out / connection closed / pool timeout" codes.
const PG_UNAVAILABLE = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "57P01", "57P03", "53300", "08006", "08001", "P1001", "P1002", "P1017", "P2024"]);

export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string; cause?: unknown } | null;
  if (!e) return false;
  if (e.code && PG_UNAVAILABLE.has(e.code)) return true;
  if (typeof e.message === "string" && /connect|timeout exceeded when trying to connect|Connection terminated/i.test(e.message)) {
    return true;
  }
  return e.cause ? isDatabaseUnavailable(e.cause) : false;
}

/**
 * The SQLSTATE of a Postgres data exception (class 22: a value the column's type cannot take, such as
 * "invalid input syntax for type uuid", a NUL in text, a number out of range), wherever pg or Prisma put it.
 */
export function dataExceptionOf(err: unknown): { sqlState: string; message: string } | null {
  for (let e = err as Record<string, any> | null | undefined, hops = 0; e && hops < 5; e = e.cause, hops++) {
    const cause = e.meta?.driverAdapterError?.cause;
    const candidates: [unknown, unknown][] = [
      [e.code, e.message],
      [e.meta?.code, e.meta?.message],
      [cause?.originalCode, cause?.originalMessage],
    ];
    for (const [code, message] of candidates) {
      if (typeof code === "string" && /^22[0-9A-Z]{3}$/.test(code)) return { sqlState: code, message: String(message ?? "").split("\n")[0] };
    }
  }
  return null;
}

export function errorBody(code: ErrorCode, message: string, issues?: ErrorIssue[]) {
  return { error: issues ? { code, message, issues } : { code, message } };
}

/** Maps anything thrown by a handler to a JSON Response: ApiError as is, ZodError as 400, the rest 500/503. */
export function toErrorResponse(err: unknown): Response {
  if (err instanceof ApiError) {
    const headers: Record<string, string> = {};
    if (err.options.retryAfterSeconds !== undefined) headers["Retry-After"] = String(err.options.retryAfterSeconds);
    return Response.json(errorBody(err.code, err.message, err.options.issues), { status: err.status, headers });
  }
  if (err instanceof ZodError) {
    return Response.json(errorBody("invalid_request", "The request is not valid.", zodIssues(err)), { status: 400 });
  }
  const data = dataExceptionOf(err);
  if (data) {
    // Input the route's schema let through but the column cannot hold: the caller's to fix, never a 500.
    log.warn({ sqlState: data.sqlState, err: data.message }, "database refused a value");
    return Response.json(errorBody("invalid_request", `A value was refused by the database: ${data.message.slice(0, 200)}`), { status: 400 });
  }
  if (isDatabaseUnavailable(err)) {
    log.warn({ err: String(err) }, "database unavailable");
    return Response.json(errorBody("unavailable", "The database is unavailable; retry later."), {
      status: 503,
      headers: { "Retry-After": "5" },
    });
  }
  log.error({ err }, "unexpected error");
  return Response.json(errorBody("internal", "Something went wrong on our side."), { status: 500 });
}
