/**
 * Typed domain errors. Route handlers map them to HTTP status codes in one place
 * (lib/http/respond.ts) so that every route answers the same way.
 */
export class DomainError extends Error {
  readonly status: number = 500;
  readonly code: string = "internal_error";
  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  override readonly status = 404;
  override readonly code = "not_found";
}

export class ValidationError extends DomainError {
  override readonly status = 400;
  override readonly code = "invalid_request";
}

export class UnauthorizedError extends DomainError {
  override readonly status = 401;
  override readonly code = "unauthorized";
}

export class ForbiddenError extends DomainError {
  override readonly status = 403;
  override readonly code = "forbidden";
}

export class ConflictError extends DomainError {
  override readonly status = 409;
  override readonly code = "conflict";
}

/** The target database cannot be reached or answered with a connection-level failure. */
export class TargetUnreachableError extends DomainError {
  override readonly status = 503;
  override readonly code = "target_unreachable";
}

/** The history store cannot be reached. */
export class StoreUnavailableError extends DomainError {
  override readonly status = 503;
  override readonly code = "store_unavailable";
}

/** A request body larger than the route reads (lib/http/body.ts). */
export class PayloadTooLargeError extends DomainError {
  override readonly status = 413;
  override readonly code = "payload_too_large";
}

/** Every connection of the viewers' pool to the target is busy: try again shortly. */
export class TargetBusyError extends DomainError {
  override readonly status = 503;
  override readonly code = "target_busy";
}

/** The target did not answer a viewer's query within its statement timeout. */
export class TargetTimeoutError extends DomainError {
  override readonly status = 504;
  override readonly code = "target_timeout";
}

/** A caller asked again sooner than the rate limit allows; `retryAfterSeconds` says when. */
export class RateLimitedError extends DomainError {
  override readonly status = 429;
  override readonly code = "rate_limited";
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message, { retryAfterSeconds });
  }
}
