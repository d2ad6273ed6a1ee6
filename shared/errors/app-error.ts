/**
 * The one error hierarchy of the service. Every failure a client can cause is an
 * {@link AppError} with a code of the registry (`error-codes.ts`), which fixes its
 * HTTP status; each class below accepts only the codes registered with its status.
 * The HTTP kit maps an AppError once into the admin envelope or the SCIM envelope.
 * Anything that is not an AppError becomes a 500 whose message is hidden.
 */

import { ERROR_CODES, type ErrorCode, type ErrorCodeWithStatus, type ScimType, type UniquenessCode } from './error-codes.js';

export type { ErrorCode, ScimType } from './error-codes.js';

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
  readonly status: number;
  readonly code: ErrorCode;
  readonly details?: ErrorDetail[];
  readonly scimType?: ScimType;
  readonly headers?: Record<string, string>;

  /** `message` defaults to the registry's; `options.scimType` overrides the registry's. */
  constructor(code: ErrorCode, message?: string, options: AppErrorOptions = {}) {
    const spec = ERROR_CODES[code];
    super(message ?? spec.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.status = spec.status;
    this.code = code;
    this.details = options.details;
    this.scimType = options.scimType ?? ('scimType' in spec ? spec.scimType : undefined);
    this.headers = options.headers;
  }
}

/** 400: the request is malformed or breaks a rule of the API. */
export class BadRequestError extends AppError {
  declare readonly code: ErrorCodeWithStatus<400>;
  constructor(code: ErrorCodeWithStatus<400>, message?: string, options?: AppErrorOptions) {
    super(code, message, options);
  }
}

/** 401: no credential, or one that proves nothing. */
export class UnauthorizedError extends AppError {
  declare readonly code: ErrorCodeWithStatus<401>;
  constructor(code: ErrorCodeWithStatus<401>, message?: string, options?: AppErrorOptions) {
    super(code, message, options);
  }
}

/** 403: a valid credential that may not do this. */
export class ForbiddenError extends AppError {
  declare readonly code: ErrorCodeWithStatus<403>;
  constructor(code: ErrorCodeWithStatus<403>, message?: string, options?: AppErrorOptions) {
    super(code, message, options);
  }
}

/** 404: no such resource for this caller. */
export class NotFoundError extends AppError {
  declare readonly code: ErrorCodeWithStatus<404>;
  constructor(code: ErrorCodeWithStatus<404>, message?: string, options?: AppErrorOptions) {
    super(code, message, options);
  }
}

/** 405: the path exists, the method does not. */
export class MethodNotAllowedError extends AppError {
  declare readonly code: ErrorCodeWithStatus<405>;
  constructor(code: ErrorCodeWithStatus<405>, message?: string, options?: AppErrorOptions) {
    super(code, message, options);
  }
}

/** 409: the request conflicts with current state (a rule such as the last-admin guard). */
export class ConflictError extends AppError {
  declare readonly code: ErrorCodeWithStatus<409>;
  constructor(code: ErrorCodeWithStatus<409>, message?: string, options?: AppErrorOptions) {
    super(code, message, options);
  }
}

/** 409 with scimType `uniqueness`: a value that must be unique per tenant is taken. */
export class UniquenessError extends ConflictError {
  declare readonly code: UniquenessCode;
  constructor(code: UniquenessCode, message?: string, options: AppErrorOptions = {}) {
    super(code, message, { scimType: 'uniqueness', ...options });
  }
}

/** 412: an If-Match version did not match the stored one. */
export class PreconditionFailedError extends AppError {
  declare readonly code: ErrorCodeWithStatus<412>;
  constructor(code: ErrorCodeWithStatus<412>, message?: string, options?: AppErrorOptions) {
    super(code, message, options);
  }
}

/** 413: the body is larger than the service accepts. */
export class PayloadTooLargeError extends AppError {
  declare readonly code: ErrorCodeWithStatus<413>;
  constructor(code: ErrorCodeWithStatus<413>, message?: string, options?: AppErrorOptions) {
    super(code, message, options);
  }
}

/** 415: a body in a media type the route does not read. */
export class UnsupportedMediaTypeError extends AppError {
  declare readonly code: ErrorCodeWithStatus<415>;
  constructor(code: ErrorCodeWithStatus<415>, message?: string, options?: AppErrorOptions) {
    super(code, message, options);
  }
}

/** 422: well-formed input that fails validation (field named in details). */
export class ValidationError extends AppError {
  declare readonly code: ErrorCodeWithStatus<422>;
  constructor(code: ErrorCodeWithStatus<422>, message?: string, options?: AppErrorOptions) {
    super(code, message, options);
  }
}

/** 429: DynamoDB (or a limit of ours) throttled the request; nothing was half-written. */
export class ThrottledError extends AppError {
  declare readonly code: 'request.throttled';
  constructor(message?: string, retryAfterSeconds = 1, cause?: unknown) {
    super('request.throttled', message, { cause, headers: { 'Retry-After': String(retryAfterSeconds) } });
  }
}

/** 500: a fault of the deployment, not of the request (its message is still logged). */
export class InternalError extends AppError {
  declare readonly code: ErrorCodeWithStatus<500>;
  constructor(code: ErrorCodeWithStatus<500>, message?: string, options?: AppErrorOptions) {
    super(code, message, options);
  }
}

/** 503: a dependency is unavailable; the request may be retried as is. */
export class UnavailableError extends AppError {
  declare readonly code: 'service.unavailable';
  constructor(message?: string, retryAfterSeconds = 2, cause?: unknown) {
    super('service.unavailable', message, { cause, headers: { 'Retry-After': String(retryAfterSeconds) } });
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;
