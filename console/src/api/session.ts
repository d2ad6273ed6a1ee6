/** Who is signed in, and how a tenant's people sign in. */
import { request } from './http.js';
import { segment } from './query.js';
import type { SessionInfo, SignInOptions } from './types.js';

export const getSessionInfo = (signal?: AbortSignal) => request<SessionInfo>('GET', '/api/svc/v1/x/session', { signal });

export const getSignInOptions = (tenantId: string, signal?: AbortSignal) =>
  request<SignInOptions>('GET', `/auth/${segment(tenantId)}/options`, { anonymous: true, signal });

/**
 * Where "Sign in with SSO" goes: the options' `sso.loginUrl`, coming back to
 * `returnTo` with the session in the fragment. The login URL is the API's own
 * (absolute) address, not this origin's `/auth/` proxy: the sign-in state
 * cookie it sets must be on the host the IdP sends the callback to. The
 * console's nonce (../session/handoff.ts) comes back with the session.
 */
export function ssoLoginUrl(loginUrl: string, returnTo: string, consoleNonce: string): string {
  const url = new URL(loginUrl);
  url.searchParams.set('returnTo', returnTo);
  url.searchParams.set('consoleNonce', consoleNonce);
  return url.toString();
}
