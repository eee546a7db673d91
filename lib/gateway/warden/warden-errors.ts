// Errors of the gateway's Warden clients. The chain fails closed on both when it needs a decision.

/** Warden could not be reached or answered 5xx / 429 (the request may be retried later). */
export class WardenUnavailableError extends Error {
  override readonly name = "WardenUnavailableError";
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Warden refused the request (4xx other than 429): retrying the same request will not help. */
export class WardenRequestError extends Error {
  override readonly name = "WardenRequestError";
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
  }
}
