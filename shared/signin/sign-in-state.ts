/**
 * The state of a browser sign-in between `/login` and `/callback`. The OAuth
 * `state` is a random value held in two places: a short-lived HttpOnly cookie of
 * the browser that started the flow (login CSRF: a callback from another browser
 * is refused) and a table item keyed by its hash (single use: the callback marks
 * it used under a condition, so a replayed callback is refused; expiry: the item
 * says when, TTL only cleans up).
 *
 * The nonce and PKCE verifier are HMACs of the state under the signing key, so
 * no secret is stored anywhere and a tampered state derives the wrong ones.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { env } from '../config/env.js';
import { BadRequestError } from '../errors/app-error.js';
import { keys } from '../storage/keys.js';
import type { Table } from '../storage/table.js';
import { hashOf, spendOneTimeSecret, storeOneTimeSecret } from './one-time-secret.js';

/** Long enough to pick an account and pass MFA at the IdP; short enough that a leaked state is soon worthless. */
export const SIGN_IN_STATE_TTL_SECONDS = 600;
export const STATE_COOKIE = 'signin_state';

export interface SignInSecrets {
  nonce: string;
  codeVerifier: string;
  codeChallenge: string;
}

interface StateItem {
  tenantId: string;
  returnTo?: string;
  /** The console's nonce, handed back with the session. */
  consoleNonce?: string;
  /** Set when this sign-in links the IdP identity to this user (./explicit-link.ts) instead of signing in. */
  linkUserId?: string;
  /** The user's link generation when they asked; absent on states stored before it was kept: 0. */
  linkGeneration?: number;
  expiresAt: string;
}

/** Who asked for a link, and their link generation then: the link holds only while it is still theirs (./explicit-link.ts). */
export interface LinkRequest {
  userId: string;
  generation: number;
}

const derive = (purpose: string, state: string) => createHmac('sha256', env().SIGNING_KEY).update(`signin:${purpose}:${state}`).digest('base64url');

export function secretsOf(state: string): SignInSecrets {
  const codeVerifier = derive('pkce', state);
  return { nonce: derive('nonce', state), codeVerifier, codeChallenge: createHash('sha256').update(codeVerifier).digest('base64url') };
}

/** Starts a sign-in for `tenantId`: stores the state and returns it with its secrets and the cookie to set. */
export async function beginSignIn(
  table: Table,
  tenantId: string,
  returnTo: string | undefined,
  now = Date.now(),
  extra: { consoleNonce?: string; link?: LinkRequest } = {},
): Promise<{ state: string; secrets: SignInSecrets; cookie: string }> {
  const { consoleNonce, link } = extra;
  const { secret: state } = await storeOneTimeSecret(
    table,
    keys.signInState,
    {
      entity: 'signInState',
      tenantId,
      ...(returnTo ? { returnTo } : {}),
      ...(consoleNonce ? { consoleNonce } : {}),
      ...(link ? { linkUserId: link.userId, linkGeneration: link.generation } : {}),
    },
    SIGN_IN_STATE_TTL_SECONDS,
    now,
  );
  return { state, secrets: secretsOf(state), cookie: stateCookie(tenantId, state, SIGN_IN_STATE_TTL_SECONDS) };
}

export function stateCookie(tenantId: string, value: string, maxAgeSeconds: number): string {
  const secure = env().PUBLIC_API_URL.startsWith('https://') ? '; Secure' : '';
  return `${STATE_COOKIE}=${value}; Path=/auth/${tenantId}/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure}`;
}

const invalidState = () => new BadRequestError('signin.invalid_state', 'This sign-in is invalid, expired or already used. Start the sign-in again.');

/** The state cookie among a request's cookies (API Gateway v2 hands them as `name=value` strings). */
export function stateFromCookies(cookies: readonly string[] | undefined): string | undefined {
  for (const cookie of cookies ?? []) {
    const eq = cookie.indexOf('=');
    if (eq > 0 && cookie.slice(0, eq).trim() === STATE_COOKIE) return cookie.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * Spends the state of a callback: it must match this browser's cookie and a
 * stored, unexpired, unused state of this tenant, which is marked used in the
 * same conditional write. Any failure is the same 400 and changes nothing.
 */
export async function consumeSignInState(
  table: Table,
  input: { tenantId: string; state: string; cookieState: string | undefined },
  now = Date.now(),
): Promise<{ returnTo?: string; consoleNonce?: string; link?: LinkRequest; secrets: SignInSecrets }> {
  const { state, cookieState } = input;
  const a = Buffer.from(state);
  const b = Buffer.from(cookieState ?? '');
  if (!cookieState || a.length !== b.length || !timingSafeEqual(a, b)) throw invalidState();
  const item = await spendOneTimeSecret<StateItem>(table, keys.signInState(hashOf(state)), { tenantId: input.tenantId }, now);
  if (!item) throw invalidState();
  return {
    returnTo: item.returnTo,
    ...(item.consoleNonce ? { consoleNonce: item.consoleNonce } : {}),
    ...(item.linkUserId ? { link: { userId: item.linkUserId, generation: item.linkGeneration ?? 0 } } : {}),
    secrets: secretsOf(state),
  };
}
