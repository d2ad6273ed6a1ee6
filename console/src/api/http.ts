/**
 * The one way the console talks to the API: relative URLs (or the configured
 * `apiUrl`), the session's bearer token, JSON both ways, and every failure as an
 * {@link ApiError}. A 401 `auth.invalid_token` first asks the session to renew
 * its token and retries the request once with the new one; a 401 that renewal
 * cannot cure means the session is over: the configured handler sends the
 * person to sign-in.
 */
import type { ErrorCode } from '../../../shared/errors/error-codes.js';
import { apiErrorFrom, networkError } from './errors.js';

interface HttpSettings {
  baseUrl: string;
  token: () => string | undefined;
  onUnauthorized: () => void;
  /**
   * A fresh token for the session, or undefined when it cannot be renewed.
   * Rejects when renewal failed for now (offline): the request fails with that.
   */
  renew?: () => Promise<string | undefined>;
}

let settings: HttpSettings = { baseUrl: '', token: () => undefined, onUnauthorized: () => undefined };

/** The API's code for a bearer token that is expired or otherwise proves nothing: the one a renewal can cure. */
const INVALID_TOKEN: ErrorCode = 'auth.invalid_token';

/** Called once at start-up, before the first request. */
export function configureHttp(next: HttpSettings): void {
  settings = { ...next, baseUrl: next.baseUrl.replace(/\/+$/, '') };
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Public routes (accept an invite, sign-in options) send no credential and never redirect on 401. */
  anonymous?: boolean;
  signal?: AbortSignal;
}

export interface HttpResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** Sends one request; resolves with the parsed body, or rejects with an ApiError. */
export async function request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
  return (await send<T>(method, path, options)).body;
}

/** {@link request}, keeping the status and headers (201 vs 200, ETag). */
export async function send<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<HttpResponse<T>> {
  const token = options.anonymous ? undefined : settings.token();
  let answer = await exchange(method, path, options, token);
  if (token && answer.response.status === 401 && apiErrorFrom(401, answer.body).code === INVALID_TOKEN) {
    // Another request may have renewed the token while this one was out: use that rather than renew again.
    const current = settings.token();
    const renewed = current && current !== token ? current : await settings.renew?.();
    if (renewed) answer = await exchange(method, path, options, renewed);
  }
  const { response, body } = answer;
  if (!response.ok) {
    if (response.status === 401 && token) settings.onUnauthorized();
    throw apiErrorFrom(response.status, body);
  }
  return { status: response.status, body: body as T, headers: response.headers };
}

/** One round trip with `token` as the bearer: the response and its parsed body. */
async function exchange(method: HttpMethod, path: string, options: RequestOptions, token: string | undefined): Promise<{ response: Response; body: unknown }> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(`${settings.baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw networkError();
  }
  return { response, body: await readBody(response) };
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
