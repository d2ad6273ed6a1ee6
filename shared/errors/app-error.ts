/**
 * The one error hierarchy of the service. Every failure a client can cause is an
 * {@link AppError} with an HTTP status and a stable dotted code (`user.last_admin`);
 * the HTTP kit maps it once into the admin envelope or the SCIM envelope.
 * Anything that is not an AppError becomes a 500 whose message is hidden.
 */

/** SCIM `scimType` values of RFC 7644 §3.12. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive'
  /** RFC 9865 (cursor pagination). */
  | 'invalidCursor'
  | 'expiredCursor';

/**
 * One entry of an error's `details`: what blocked the request and why. Every error
 * that carries details uses this rule (TrueFoundry's `HttpError.details` is a list
 * of objects), so a client reads any of them the same way: `field` names a part of
 * the request, `subject` a thing in the tenant (`team:platform`, `user:ana@x.example`),
 * `message` says why. Extra keys identify the subject further (`id`, `email`).
 */
export interface ErrorDetail {
  field?: string;
  subject?: string;
  message: string;
  [key: string]: unknown;
}

export interface AppErrorOptions {
  details?: ErrorDetail[];
  scimType?: ScimType;
  cause?: unknown;
  headers?: Record<string, string>;
}

export abstract class AppError extends Error {
  abstract readonly status: number;
  readonly code: string;
  readonly details?: ErrorDetail[];
  readonly scimType?: ScimType;
  readonly headers?: Record<string, string>;

  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details;
    this.scimType = options.scimType;
    this.headers = options.headers;
  }
}

/** 400: the request is malformed or breaks a rule of the API. */
export class BadRequestError extends AppError {
  readonly status = 400;
}

/** 401: no credential, or one that proves nothing. */
export class UnauthorizedError extends AppError {
  readonly status = 401;
}

/** 403: a valid credential that may not do this. */
export class ForbiddenError extends AppError {
  readonly status = 403;
}

/** 404: no such resource for this caller. */
export class NotFoundError extends AppError {
  readonly status = 404;
}

/** 405: the path exists, the method does not. */
export class MethodNotAllowedError extends AppError {
  readonly status = 405;
}

/** 409: the request conflicts with current state (a rule such as the last-admin guard). */
export class ConflictError extends AppError {
  readonly status = 409;
}

/** 409 with scimType `uniqueness`: a value that must be unique per tenant is taken. */
export class UniquenessError extends ConflictError {
  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(code, message, { scimType: 'uniqueness', ...options });
  }
}

/** 412: an If-Match version did not match the stored one. */
export class PreconditionFailedError extends AppError {
  readonly status = 412;
}

/** 413: the body is larger than the service accepts. */
export class PayloadTooLargeError extends AppError {
  readonly status = 413;
}

/** 415: a body in a media type the route does not read. */
export class UnsupportedMediaTypeError extends AppError {
  readonly status = 415;
}

/** 422: well-formed input that fails validation (field named in details). */
export class ValidationError extends AppError {
  readonly status = 422;
}

/** 429: DynamoDB (or a limit of ours) throttled the request; nothing was half-written. */
export class ThrottledError extends AppError {
  readonly status = 429;
  constructor(message = 'Too many requests, retry later', retryAfterSeconds = 1, cause?: unknown) {
    super('request.throttled', message, { cause, headers: { 'Retry-After': String(retryAfterSeconds) } });
  }
}

/** 503: a dependency is unavailable; the request may be retried as is. */
export class UnavailableError extends AppError {
  readonly status = 503;
  constructor(message = 'Service temporarily unavailable, retry later', retryAfterSeconds = 2, cause?: unknown) {
    super('service.unavailable', message, { cause, headers: { 'Retry-After': String(retryAfterSeconds) } });
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;
