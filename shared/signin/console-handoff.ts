/**
 * How the sign-in callback hands a browser back to the tenant's console: a 303
 * to a console URL whose fragment carries the outcome. A fragment never reaches
 * a server, a proxy or an access log, so neither the ID token nor a refusal
 * (which names the person's tenant and status) is written anywhere on the way.
 *
 * - signed in: `{consoleUrl}{returnTo}#id_token=…&token_type=Bearer&tenant_id=…&console_nonce=…`
 * - refused:   `{consoleUrl}/sign-in#error=<message>&error_code=<code>&tenant_id=…`
 *
 * `console_nonce` is the nonce the console passed to `/login` (kept in the
 * state): the console accepts a session only with the nonce of a sign-in it
 * started in that tab, so a link carrying someone else's token signs no one in.
 *
 * Only refusals the person can act on go back to the console: the sign-in
 * refusals about them (not provisioned, deactivated, SSO policy, an identity
 * bound elsewhere; Cognito relays the triggers' ones as `signin.refused`), their
 * IdP saying no, and a state that expired or was spent (start again). A
 * malformed callback, a forged code or ID token, or an IdP outage stays an API
 * error: those are not the person's to fix, and the kit answers them as JSON.
 */
import { isAppError, type AppError, type ErrorCode } from '../errors/app-error.js';
import { SignInRefusedError } from './sign-in-refusal.js';

/** The console's sign-in page, where a refused person reads why (console/src/router.ts). */
export const CONSOLE_SIGN_IN_PATH = '/sign-in';

const RETURNED_TO_THE_PERSON = new Set<ErrorCode>(['signin.refused', 'signin.idp_error', 'signin.invalid_state']);

/** Whether a failed callback is a refusal the console's sign-in page should explain. */
export function isRefusalForThePerson(error: unknown): error is AppError {
  return error instanceof SignInRefusedError || (isAppError(error) && RETURNED_TO_THE_PERSON.has(error.code));
}

const base = (consoleUrl: string) => consoleUrl.replace(/\/+$/, '');

/** Where a completed sign-in lands: `returnTo` (a path of the console; its root when absent), the session in the fragment. */
export function sessionHandoffUrl(consoleUrl: string, session: { returnTo?: string; idToken: string; tenantId: string; consoleNonce?: string }): string {
  const fragment = new URLSearchParams({ id_token: session.idToken, token_type: 'Bearer', tenant_id: session.tenantId });
  if (session.consoleNonce) fragment.set('console_nonce', session.consoleNonce);
  return `${base(consoleUrl)}${session.returnTo ?? '/'}#${fragment.toString()}`;
}

/** Where a refused sign-in lands: the console's sign-in page, the refusal's message and code in the fragment. */
export function refusalHandoffUrl(consoleUrl: string, refusal: { message: string; code: string; tenantId: string }): string {
  const fragment = new URLSearchParams({ error: refusal.message, error_code: refusal.code, tenant_id: refusal.tenantId });
  return `${base(consoleUrl)}${CONSOLE_SIGN_IN_PATH}#${fragment.toString()}`;
}
