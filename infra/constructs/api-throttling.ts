/**
 * Per-route throttles of the HTTP API stage. HTTP APIs throttle per route and
 * stage, not per caller: there are no usage plans or API keys, and AWS WAF does
 * not attach to them. A per-tenant limit is therefore approximated by sizing
 * each SCIM route for several tenants bursting at once, at least
 * `SCIM_TENANT_RATE` each (what Entra ID asks of a SCIM server), while the
 * unauthenticated routes that take secrets (invites, password resets, sign-in)
 * are kept low against guessing. docs/deploy.md explains the trade-off.
 */
import type { RouteDefinition } from '../../shared/http/route-table.js';

export interface Throttle {
  /** Steady requests per second. */
  rateLimit: number;
  /** Requests allowed at once above the rate (token bucket size). */
  burstLimit: number;
}

/** Entra ID's provisioning service expects a SCIM server to take at least this many requests per second per tenant. */
export const SCIM_TENANT_RATE = 25;
/** How many tenants may burst at the per-tenant rate on one SCIM route at the same moment. */
export const SCIM_CONCURRENT_TENANTS = 10;

/** Every route not covered below: the admin API used by consoles and scripts. */
export const DEFAULT_THROTTLE: Throttle = { rateLimit: 100, burstLimit: 200 };
export const SCIM_THROTTLE: Throttle = {
  rateLimit: SCIM_TENANT_RATE * SCIM_CONCURRENT_TENANTS,
  burstLimit: 2 * SCIM_TENANT_RATE * SCIM_CONCURRENT_TENANTS,
};
/** Public routes that accept a secret or start a sign-in: enough for people, too little for guessing. */
export const PUBLIC_THROTTLE: Throttle = { rateLimit: 10, burstLimit: 20 };
/** `/health` is polled by monitors; it touches nothing. */
export const HEALTH_THROTTLE: Throttle = { rateLimit: 20, burstLimit: 40 };

/** The throttle of one route, decided by its auth kind and envelope. */
export function throttleOf(route: Pick<RouteDefinition, 'auth' | 'path' | 'name'>): Throttle {
  if (route.name === 'service.health') return HEALTH_THROTTLE;
  if (route.auth === 'scim') return SCIM_THROTTLE;
  if (route.auth === 'public') return PUBLIC_THROTTLE;
  return DEFAULT_THROTTLE;
}

/** The stage's `RouteSettings` property: one entry per route key. */
export function routeSettings(routes: readonly RouteDefinition[]): Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> {
  return Object.fromEntries(
    routes.map((route) => {
      const throttle = throttleOf(route);
      return [`${route.method} ${route.path}`, { ThrottlingRateLimit: throttle.rateLimit, ThrottlingBurstLimit: throttle.burstLimit }];
    }),
  );
}
