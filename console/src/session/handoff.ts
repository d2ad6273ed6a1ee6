/**
 * The console accepts a session from its URL only for a sign-in it started.
 * Anyone can write a link ending in `#id_token=…`: without this, a link with
 * the attacker's token would sign the victim in as the attacker, and what the
 * victim then types or uploads would land in the attacker's account.
 *
 * "Sign in with SSO" keeps a random nonce, the tenant and the issuer of the
 * tenant's sign-in client in this tab's sessionStorage and passes the nonce to
 * `/auth/{tenantId}/login`, which binds it to the sign-in's state and hands it
 * back in the fragment. A hand-off is taken only when its nonce is the pending
 * one (which it spends), it is recent, it names the same tenant, and its token is
 * a JWT whose issuer is that tenant's sign-in client. The API still verifies the
 * token itself; this decides only whether the console may use it.
 */
import { jwtClaims } from './credential.js';
import type { FragmentSession } from './fragment.js';

const PENDING_KEY = 'provisioning-console.sso-pending';
/** The API's sign-in state lives ten minutes; a little longer covers a slow IdP redirect. */
export const HANDOFF_MAX_AGE_MS = 15 * 60_000;

/** The tab's sessionStorage, typed here so the module also type-checks (and is tested) outside a browser. */
interface TabStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}
const tabStorage = (): TabStorage => (globalThis as unknown as { sessionStorage: TabStorage }).sessionStorage;

interface PendingSignIn {
  nonce: string;
  tenantId: string;
  issuer: string;
  startedAt: number;
}

/** Starts a sign-in of `tenantId` whose tokens `issuer` signs; returns the nonce for the sign-in URL. */
export function beginHandoff(tenantId: string, issuer: string, now = Date.now()): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const nonce = btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
  tabStorage().setItem(PENDING_KEY, JSON.stringify({ nonce, tenantId, issuer, startedAt: now } satisfies PendingSignIn));
  return nonce;
}

/** Why a handed-over session is refused, or undefined when the console may use it. Spends the pending sign-in either way. */
export function refuseHandoff(session: FragmentSession, now = Date.now()): string | undefined {
  const pending = takePending();
  if (!pending || !session.consoleNonce || !sameText(session.consoleNonce, pending.nonce)) return NOT_STARTED_HERE;
  if (now - pending.startedAt > HANDOFF_MAX_AGE_MS || now < pending.startedAt) return 'This sign-in took too long. Sign in again.';
  if (session.tenantId !== pending.tenantId) return NOT_STARTED_HERE;
  if (issuerOf(session.idToken) !== pending.issuer) return 'The sign-in handed over a credential of another issuer. Sign in again.';
  return undefined;
}

const NOT_STARTED_HERE = 'This sign-in was not started from this window, so it was not used. Sign in again.';

function takePending(): PendingSignIn | undefined {
  try {
    const raw = tabStorage().getItem(PENDING_KEY);
    tabStorage().removeItem(PENDING_KEY);
    const parsed = raw ? (JSON.parse(raw) as Partial<PendingSignIn>) : undefined;
    if (
      !parsed ||
      typeof parsed.nonce !== 'string' ||
      typeof parsed.tenantId !== 'string' ||
      typeof parsed.issuer !== 'string' ||
      typeof parsed.startedAt !== 'number'
    ) {
      return undefined;
    }
    return parsed as PendingSignIn;
  } catch {
    return undefined;
  }
}

/** Compares without stopping at the first difference. */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** The `iss` of a JWT, or undefined for anything that is not one (a PAT, garbage). */
export function issuerOf(token: string): string | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) return undefined;
  const iss = jwtClaims(token)?.iss;
  return typeof iss === 'string' ? iss : undefined;
}
