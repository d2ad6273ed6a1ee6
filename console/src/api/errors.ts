/**
 * Errors the console shows. The admin API answers `{statusCode, message, code,
 * details}`; its `message` is written for people and is shown verbatim. Other
 * bodies (a proxy's HTML page, an empty 502) still become an {@link ApiError}
 * with a message that says what happened.
 */

/** An API request that did not succeed: the API's own message, code and details when it sent them. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const nonEmpty = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/**
 * The {@link ApiError} for a failed response: the admin envelope when the body
 * is one, a SCIM error's `detail`, else a generic message naming the status.
 */
export function apiErrorFrom(status: number, body: unknown): ApiError {
  if (isRecord(body)) {
    const message = nonEmpty(body.message) ?? nonEmpty(body.detail);
    if (message) {
      const code = nonEmpty(body.code) ?? `http.${status}`;
      return new ApiError(typeof body.statusCode === 'number' ? body.statusCode : status, code, message, body.details);
    }
  }
  return new ApiError(status, `http.${status}`, genericMessage(status));
}

function genericMessage(status: number): string {
  if (status === 401) return 'Your session has ended. Sign in again.';
  if (status === 403) return 'You are not allowed to do this.';
  if (status === 404) return 'Not found.';
  if (status === 429) return 'Too many requests. Wait a moment and try again.';
  if (status >= 500) return `The service is unavailable (HTTP ${status}). Try again in a moment.`;
  return `The request failed (HTTP ${status}).`;
}

/** The error for a request that got no response at all (offline, DNS, CORS, a dropped connection). */
export const networkError = (): ApiError => new ApiError(0, 'network.unreachable', 'Cannot reach the service. Check your connection and try again.');

/** Any thrown value as a message a person can read. */
export function messageOf(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong. Try again.';
}
