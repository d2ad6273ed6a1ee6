/**
 * Browser access (CORS) for the routes a browser calls: the admin API and the
 * sign-in routes. SCIM clients are IdP servers, never browsers, so SCIM paths get
 * no CORS headers and no preflight. API Gateway's HTTP API CORS setting is
 * API-wide, so the service does it itself: the kit adds the headers to admin
 * responses and the `$default` fallback answers preflights, both from the
 * allowlist in `CORS_ALLOWED_ORIGINS` (comma-separated; empty: no CORS at all).
 */
import { settings } from '../config/env.js';

export const CORS_ALLOWED_HEADERS = ['authorization', 'content-type', 'if-match', 'if-none-match', 'x-request-id'];
export const CORS_EXPOSED_HEADERS = ['etag', 'location', 'retry-after', 'x-request-id'];
const CORS_METHODS = 'GET, POST, PUT, PATCH, DELETE';
const PREFLIGHT_MAX_AGE_SECONDS = 3600;

/** Whether a path is one a browser may call cross-origin. */
export const isBrowserPath = (path: string): boolean => path.startsWith('/api/') || path.startsWith('/auth/');

function allowedOrigin(origin: string | undefined, path: string): string | undefined {
  if (!origin || !isBrowserPath(path)) return undefined;
  const allowed = settings()
    .CORS_ALLOWED_ORIGINS.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  return allowed.includes(origin) ? origin : undefined;
}

/** Headers for an actual response; none for SCIM paths or origins not on the list. */
export function corsResponseHeaders(origin: string | undefined, path: string): Record<string, string> {
  const allowed = allowedOrigin(origin, path);
  if (!allowed) return {};
  return { 'access-control-allow-origin': allowed, 'access-control-expose-headers': CORS_EXPOSED_HEADERS.join(', '), vary: 'origin' };
}

/** The answer to a preflight `OPTIONS`, or undefined when this path and origin get none. */
export function preflightHeaders(origin: string | undefined, path: string): Record<string, string> | undefined {
  const allowed = allowedOrigin(origin, path);
  if (!allowed) return undefined;
  return {
    'access-control-allow-origin': allowed,
    'access-control-allow-methods': CORS_METHODS,
    'access-control-allow-headers': CORS_ALLOWED_HEADERS.join(', '),
    'access-control-max-age': String(PREFLIGHT_MAX_AGE_SECONDS),
    vary: 'origin',
  };
}
