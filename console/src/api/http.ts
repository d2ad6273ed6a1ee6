/**
 * The one way the console talks to the API: relative URLs (or the configured
 * `apiUrl`), the session's bearer token, JSON both ways, and every failure as an
 * {@link ApiError}. A 401 on an authenticated call means the session is over:
 * the configured handler sends the person to sign-in.
 */
import { apiErrorFrom, networkError } from './errors.js';

interface HttpSettings {
  baseUrl: string;
  token: () => string | undefined;
  onUnauthorized: () => void;
}

let settings: HttpSettings = { baseUrl: '', token: () => undefined, onUnauthorized: () => undefined };

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
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  const token = options.anonymous ? undefined : settings.token();
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
  const body = await readBody(response);
  if (!response.ok) {
    if (response.status === 401 && token) settings.onUnauthorized();
    throw apiErrorFrom(response.status, body);
  }
  return { status: response.status, body: body as T, headers: response.headers };
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
