/**
 * Keeping a password session alive. Cognito's ID token lasts minutes, but the
 * password sign-in also returned a refresh token: shortly before the ID token
 * expires (and whenever the API calls it invalid) the console trades the
 * refresh token for a new ID token. Everyone who needs a renewal at the same
 * moment shares one request, so a page firing five calls on an expired token
 * asks Cognito once. SSO and PAT sessions have no refresh token: they end when
 * their token does.
 */
import type { PasswordClient } from '../api/cognito.js';
import { jwtExpiry } from './credential.js';

/** What renews a password session: its refresh token and the pool client that issued it. */
export interface RefreshCredential {
  refreshToken: string;
  client: PasswordClient;
}

/** How long before the ID token's `exp` it is renewed: room for a slow network and a skewed clock. */
export const RENEW_LEAD_MS = 60_000;

/** The longest delay `setTimeout` honours; a longer one fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What to do about a session's token, and in how many milliseconds. */
export type ExpiryPlan = { action: 'renew'; inMs: number } | { action: 'end'; inMs: number };

/**
 * The timer a session needs at `now`: renew {@link RENEW_LEAD_MS} before `exp`
 * when it can be renewed, else end it at `exp`. Undefined when the token has no
 * readable `exp` (a PAT), which nothing needs to watch.
 */
export function expiryPlan(token: string, renewable: boolean, now: number): ExpiryPlan | undefined {
  const expiry = jwtExpiry(token);
  if (expiry === undefined) return undefined;
  const at = renewable ? expiry - RENEW_LEAD_MS : expiry;
  return { action: renewable ? 'renew' : 'end', inMs: Math.min(Math.max(0, at - now), MAX_TIMER_MS) };
}

/** What a renewal needs from the session it renews. */
export interface RenewalHooks {
  /** The current session's refresh credential; undefined when it has none or no session is open. */
  credential: () => RefreshCredential | undefined;
  /** Trades the refresh token for a new ID token; rejects when Cognito refuses or cannot be reached. */
  refresh: (credential: RefreshCredential) => Promise<string>;
  /** Whether `refresh` rejected because Cognito refused the refresh token (revoked, expired, user disabled). */
  isRefused: (error: unknown) => boolean;
  /** Stores the new ID token as the session's. */
  onRenewed: (idToken: string) => void;
  /** Ends the session: the refresh token is no good any more. */
  onRefused: () => void;
}

/**
 * A `renew()` that resolves with a new ID token, or undefined when the session
 * cannot be renewed (it has no refresh token, Cognito refused it, or the
 * session ended meanwhile). Other failures (network, Cognito down) reject and
 * leave the session as it is. Calls made while a renewal is in flight share it.
 */
export function createRenewal(hooks: RenewalHooks): () => Promise<string | undefined> {
  let inFlight: Promise<string | undefined> | undefined;

  const run = async (): Promise<string | undefined> => {
    const credential = hooks.credential();
    if (!credential) return undefined;
    let idToken: string;
    try {
      idToken = await hooks.refresh(credential);
    } catch (error) {
      if (!hooks.isRefused(error)) throw error;
      if (hooks.credential() === credential) hooks.onRefused();
      return undefined;
    }
    // A sign-out (or a new sign-in) while Cognito answered: the token belongs to no session now.
    if (hooks.credential() !== credential) return undefined;
    hooks.onRenewed(idToken);
    return idToken;
  };

  return () => {
    inFlight ??= run().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
}
