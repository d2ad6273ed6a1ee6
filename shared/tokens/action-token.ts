/**
 * Invite and password-reset tokens. The table never holds one in plaintext: a
 * record stores the token's SHA-256 and a nonce, and the token itself is derived
 * as HMAC-SHA256(SIGNING_KEY, kind:recordId:nonce) in the usual secret format
 * (prefix, base62, checksum). The mailer re-derives it from the outbox item's
 * record id and nonce, which are worthless without the key.
 */
import { createHmac } from 'node:crypto';
import { env } from '../config/env.js';
import { BadRequestError, ConflictError } from '../errors/app-error.js';
import { secretFromBytes, type IssuedSecret } from './secret-token.js';

export type ActionKind = 'invite' | 'reset';

/** Invites last a week, password resets an hour. */
export const ACTION_TTL_SECONDS: Record<ActionKind, number> = { invite: 7 * 86_400, reset: 3_600 };

/**
 * How long a request's claim on a token holds: well beyond the API function's
 * timeout, so a claim is never taken over while the Cognito call of the request
 * that made it may still land.
 */
export const CLAIM_LEASE_SECONDS = 60;

export function deriveActionToken(kind: ActionKind, recordId: string, nonce: string): IssuedSecret {
  const mac = createHmac('sha256', env().SIGNING_KEY).update(`${kind}:${recordId}:${nonce}`, 'utf8').digest();
  return secretFromBytes(kind, mac);
}

/** The client URL with the token added as the `token` query parameter (other parameters kept). */
export function actionLink(clientUrl: string, token: string): string {
  const url = new URL(clientUrl);
  url.searchParams.set('token', token);
  return url.toString();
}

const WHAT: Record<ActionKind, string> = { invite: 'invite', reset: 'password reset' };

/** The one 400 for every token that cannot be used, with the reason the client can act on. */
export function unusableToken(kind: ActionKind, reason: 'invalid' | 'used' | 'expired'): BadRequestError {
  const code = kind === 'invite' ? 'invite' : 'password_reset';
  const messages = {
    invalid: `This ${WHAT[kind]} token is not valid (it is malformed, forged, or was already used)`,
    used: `This ${WHAT[kind]} token was already used; ask for a new one`,
    expired: `This ${WHAT[kind]} token has expired; ask for a new one`,
  } as const;
  return new BadRequestError(`${code}.${reason === 'invalid' ? 'invalid_token' : reason === 'used' ? 'token_used' : 'token_expired'}`, messages[reason]);
}

/** 409: another request holds the token's claim; if that one fails, the token works again. */
export function tokenInUse(kind: ActionKind): ConflictError {
  return new ConflictError(
    `${kind === 'invite' ? 'invite' : 'password_reset'}.token_in_use`,
    `This ${WHAT[kind]} token is being redeemed by another request; if that one fails, the token works again within ${CLAIM_LEASE_SECONDS} seconds`,
  );
}
