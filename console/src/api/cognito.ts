/**
 * Password sign-in straight against the tenant's Cognito user pool (the
 * emulator locally): InitiateAuth with USER_PASSWORD_AUTH, and the
 * NEW_PASSWORD_REQUIRED challenge. The session is the ID token, which the admin
 * API accepts as a bearer token; the refresh token that comes with it renews
 * the ID token (REFRESH_TOKEN_AUTH) and is revoked at sign-out (RevokeToken).
 */
import { ApiError, networkError } from './errors.js';

export interface PasswordClient {
  endpoint: string;
  clientId: string;
}

export type PasswordSignInResult =
  { kind: 'signed-in'; idToken: string; refreshToken?: string } | { kind: 'new-password-required'; session: string; username: string };

const TARGET = 'AWSCognitoIdentityProviderService';

export function signInWithPassword(client: PasswordClient, email: string, password: string): Promise<PasswordSignInResult> {
  return call(client, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: client.clientId,
    AuthParameters: { USERNAME: email, PASSWORD: password },
  }).then((body) => resultOf(body, email));
}

export function completeNewPassword(client: PasswordClient, challenge: { session: string; username: string }, newPassword: string) {
  return call(client, 'RespondToAuthChallenge', {
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    ClientId: client.clientId,
    Session: challenge.session,
    ChallengeResponses: { USERNAME: challenge.username, NEW_PASSWORD: newPassword },
  }).then((body) => resultOf(body, challenge.username));
}

/**
 * A new ID token for `refreshToken`. Rejects with `cognito.NotAuthorizedException`
 * (see {@link isRefusedRefresh}) once the refresh token is revoked or expired or
 * the user is disabled.
 */
export async function refreshIdToken(client: PasswordClient, refreshToken: string): Promise<string> {
  const body = await call(client, 'InitiateAuth', {
    AuthFlow: 'REFRESH_TOKEN_AUTH',
    ClientId: client.clientId,
    AuthParameters: { REFRESH_TOKEN: refreshToken },
  });
  const idToken = body.AuthenticationResult?.IdToken;
  if (!idToken) throw new ApiError(502, 'cognito.no_token', 'Renewing the session returned no token. Sign in again.');
  return idToken;
}

/** Revokes `refreshToken` (and the tokens it issued), so a copy of it cannot renew the session after sign-out. */
export async function revokeRefreshToken(client: PasswordClient, refreshToken: string): Promise<void> {
  await call(client, 'RevokeToken', { ClientId: client.clientId, Token: refreshToken });
}

/**
 * A refused password sign-in in the words of the organization it was tried in.
 * Every tenant has its own pool, so an address this pool does not know may well
 * belong to someone of another organization: the message asks whether this is
 * the right one. It is built from this pool's answer alone, which is the same
 * for an address of another tenant and one that exists nowhere, so it tells
 * nothing about other tenants. In AWS the pools do not reveal existence at all
 * (`preventUserExistenceErrors`): an unknown address and a wrong password get
 * one answer, and so one message. Status and code stay Cognito's.
 */
export function passwordRefusal(error: unknown, organization: string): unknown {
  if (!(error instanceof ApiError)) return error;
  const unknownAccount =
    error.code === 'cognito.UserNotFoundException' || (error.code === 'cognito.NotAuthorizedException' && error.message === COGNITO_LOCAL_UNKNOWN_ACCOUNT);
  if (unknownAccount) return new ApiError(error.status, error.code, `No such user in ${organization}; is this the right organization?`);
  if (error.code === 'cognito.NotAuthorizedException' && error.message === COGNITO_UNKNOWN_OR_WRONG_PASSWORD) {
    return new ApiError(error.status, error.code, `No such user in ${organization}, or the password is wrong; is this the right organization?`);
  }
  return error;
}

/** cognito-local's answer to an address its pool does not hold. */
const COGNITO_LOCAL_UNKNOWN_ACCOUNT = 'User not authorized';
/** Cognito's answer, with user existence errors prevented, to an unknown address or a wrong password. */
const COGNITO_UNKNOWN_OR_WRONG_PASSWORD = 'Incorrect username or password.';

/** Whether Cognito refused a refresh token for good (not a network failure or an outage). */
export const isRefusedRefresh = (error: unknown): boolean => error instanceof ApiError && error.code === 'cognito.NotAuthorizedException';

interface CognitoAuthResponse {
  AuthenticationResult?: { IdToken?: string; RefreshToken?: string };
  ChallengeName?: string;
  Session?: string;
  ChallengeParameters?: Record<string, string>;
}

function resultOf(body: CognitoAuthResponse, username: string): PasswordSignInResult {
  const idToken = body.AuthenticationResult?.IdToken;
  const refreshToken = body.AuthenticationResult?.RefreshToken;
  if (idToken) return refreshToken ? { kind: 'signed-in', idToken, refreshToken } : { kind: 'signed-in', idToken };
  if (body.ChallengeName === 'NEW_PASSWORD_REQUIRED' && body.Session) {
    return { kind: 'new-password-required', session: body.Session, username: body.ChallengeParameters?.USER_ID_FOR_SRP ?? username };
  }
  throw new ApiError(400, 'signin.unsupported_challenge', `Sign-in needs a step this console does not support (${body.ChallengeName ?? 'no token'}).`);
}

async function call(client: PasswordClient, action: string, payload: unknown): Promise<CognitoAuthResponse> {
  let response: Response;
  try {
    response = await fetch(client.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${TARGET}.${action}` },
      body: JSON.stringify(payload),
      cache: 'no-store',
    });
  } catch {
    throw networkError();
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw cognitoError(response.status, body);
  return (body ?? {}) as CognitoAuthResponse;
}

/**
 * Cognito's error as an {@link ApiError}. A trigger's refusal arrives as
 * "<Trigger> failed with error <our message>."; the person reads our message.
 */
export function cognitoError(status: number, body: unknown): ApiError {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const type = typeof record.__type === 'string' ? (record.__type.split('#').pop() ?? 'Error') : 'Error';
  const raw = typeof record.message === 'string' && record.message ? record.message : `Sign-in failed (HTTP ${status}).`;
  const fromTrigger = /^\w+ failed with error (.+?)\.?\s*$/s.exec(raw)?.[1];
  const message = fromTrigger ? (fromTrigger.endsWith('.') ? fromTrigger : `${fromTrigger}.`) : raw;
  return new ApiError(status, `cognito.${type}`, message);
}
