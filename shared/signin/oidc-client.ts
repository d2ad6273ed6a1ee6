/**
 * The relying-party side of the browser sign-in: authorization URL, code
 * exchange at the tenant's token endpoint (Cognito's in AWS, the demo provider
 * locally) and ID token verification (signature by JWKS, issuer, audience,
 * expiry, nonce). What the client sent wrong is a 400; what the IdP failed to
 * answer is a 503 the person can retry. The API verifies the ID tokens of a
 * direct sign-in client with the same function, less the nonce
 * (shared/auth/direct-client-jwt.ts).
 *
 * Discovery documents and key sets are cached per issuer: they are properties
 * of the IdP, not of a request.
 */
import { JwtVerifier } from 'aws-jwt-verify';
import { FetchError, JwksNotAvailableInCacheError, JwtBaseError } from 'aws-jwt-verify/error';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { jwksCache } from './jwks-cache.js';
import { BadRequestError, UnavailableError } from '../errors/app-error.js';
import type { SignInClient } from '../tenants/tenant.js';

export interface ProviderEndpoints {
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksUri: string;
}

const IDP_TIMEOUT_MS = 4000;
const DISCOVERY_TTL_MS = 3600_000;
const discovered = new Map<string, { at: number; endpoints: Omit<ProviderEndpoints, never> }>();

const unavailable = (what: string, cause?: unknown) =>
  new UnavailableError(`The identity provider did not answer (${what}); try signing in again in a moment`, 2, cause);

/** The client's endpoints: configured ones, else the issuer's discovery document. */
export async function endpointsOf(client: SignInClient): Promise<ProviderEndpoints> {
  if (client.authorizationEndpoint && client.tokenEndpoint && client.jwksUri) {
    return { authorizationEndpoint: client.authorizationEndpoint, tokenEndpoint: client.tokenEndpoint, jwksUri: client.jwksUri };
  }
  const cached = discovered.get(client.issuer);
  let endpoints = cached && Date.now() - cached.at < DISCOVERY_TTL_MS ? cached.endpoints : undefined;
  if (!endpoints) {
    let doc: Record<string, unknown>;
    try {
      const res = await fetch(`${client.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(IDP_TIMEOUT_MS) });
      if (!res.ok) throw new Error(`discovery answered ${res.status}`);
      doc = (await res.json()) as Record<string, unknown>;
    } catch (error) {
      throw unavailable('discovery', error);
    }
    const str = (k: string) => (typeof doc[k] === 'string' ? (doc[k] as string) : '');
    endpoints = { authorizationEndpoint: str('authorization_endpoint'), tokenEndpoint: str('token_endpoint'), jwksUri: str('jwks_uri') };
    discovered.set(client.issuer, { at: Date.now(), endpoints });
  }
  return {
    authorizationEndpoint: client.authorizationEndpoint ?? endpoints.authorizationEndpoint,
    tokenEndpoint: client.tokenEndpoint ?? endpoints.tokenEndpoint,
    jwksUri: client.jwksUri ?? endpoints.jwksUri,
  };
}

export function authorizationUrl(
  client: SignInClient,
  endpoints: ProviderEndpoints,
  params: { redirectUri: string; state: string; nonce: string; codeChallenge: string },
): string {
  const url = new URL(endpoints.authorizationEndpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', client.clientId);
  url.searchParams.set('redirect_uri', params.redirectUri);
  url.searchParams.set('scope', client.scopes.join(' '));
  url.searchParams.set('state', params.state);
  url.searchParams.set('nonce', params.nonce);
  url.searchParams.set('code_challenge', params.codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  if (client.identityProvider) url.searchParams.set('identity_provider', client.identityProvider);
  return url.toString();
}

/** Exchanges an authorization code (public client with PKCE); a refused code is a 400. */
export async function exchangeCode(
  client: SignInClient,
  endpoints: ProviderEndpoints,
  params: { code: string; redirectUri: string; codeVerifier: string },
): Promise<{ idToken: string }> {
  let res: Response;
  try {
    res = await fetch(endpoints.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: params.code,
        redirect_uri: params.redirectUri,
        client_id: client.clientId,
        code_verifier: params.codeVerifier,
      }),
      signal: AbortSignal.timeout(IDP_TIMEOUT_MS),
    });
  } catch (error) {
    throw unavailable('token endpoint', error);
  }
  const body = (await res.json().catch(() => ({}))) as { id_token?: unknown; error?: unknown };
  if (res.status >= 500) throw unavailable(`token endpoint answered ${res.status}`);
  if (!res.ok || typeof body.id_token !== 'string') {
    throw new BadRequestError(
      'signin.code_rejected',
      `The identity provider rejected the sign-in code${typeof body.error === 'string' ? ` (${body.error})` : ''}: it was already used, has expired or was not issued for this sign-in. Start the sign-in again.`,
    );
  }
  return { idToken: body.id_token };
}

/** An ID token that fails verification: the caller says what that means (a 400 at the callback, a 401 at the API). */
export class IdTokenRejectedError extends Error {}

/** Signatures accepted from an IdP: what Cognito and the enterprise IdPs sign with; never `none` or an HMAC over a public value. */
const ALGORITHMS: ReadonlySet<string> = new Set(['RS256', 'ES256']);
/** Clock skew tolerated between the IdP and us. */
const CLOCK_TOLERANCE_S = 30;
/** An ID token older than this is refused whatever its `exp` says. */
const MAX_TOKEN_AGE_S = 24 * 3600;

/** The claims of a verified ID token. */
export type IdTokenClaims = JwtPayload;

function checkClaims(header: { alg?: unknown; typ?: unknown }, payload: JwtPayload, clientId: string): void {
  if (typeof header.alg !== 'string' || !ALGORITHMS.has(header.alg))
    throw new IdTokenRejectedError(`the token is signed with ${String(header.alg)}, not ${[...ALGORITHMS].join(' or ')}`);
  // An access token of the same issuer and audience proves a grant to call the IdP's APIs, not a sign-in here:
  // JWT access tokens say so in `typ` (RFC 9068), Cognito's in `token_use`.
  if (typeof header.typ === 'string' && /^(application\/)?at\+jwt$/i.test(header.typ))
    throw new IdTokenRejectedError('the token is an access token (typ at+jwt), not an ID token');
  if (payload.token_use !== undefined && payload.token_use !== 'id')
    throw new IdTokenRejectedError(`the token is an ${String(payload.token_use)} token, not an ID token`);
  if (typeof payload.exp !== 'number') throw new IdTokenRejectedError('the token has no exp claim');
  if (typeof payload.sub !== 'string' || !payload.sub) throw new IdTokenRejectedError('the token has no sub claim');
  const now = Date.now() / 1000;
  if (typeof payload.iat !== 'number' || payload.iat > now + CLOCK_TOLERANCE_S)
    throw new IdTokenRejectedError('the token has no iat claim, or one in the future');
  if (payload.iat < now - MAX_TOKEN_AGE_S) throw new IdTokenRejectedError('the token is older than 24 hours');
  if (payload.azp !== undefined && payload.azp !== clientId) throw new IdTokenRejectedError('the token was issued to another client (azp)');
}

// aws-jwt-verify (already every function's JWT verifier) rather than a second JOSE library in every bundle.
const verifiers = new Map<string, ReturnType<typeof JwtVerifier.create>>();

function verifierOf(client: SignInClient, jwksUri: string): ReturnType<typeof JwtVerifier.create> {
  const key = JSON.stringify([client.issuer, client.clientId, jwksUri]);
  let verifier = verifiers.get(key);
  if (!verifier) {
    verifier = JwtVerifier.create(
      {
        issuer: client.issuer,
        audience: client.clientId,
        jwksUri,
        graceSeconds: CLOCK_TOLERANCE_S,
        customJwtCheck: ({ header, payload }) => checkClaims(header, payload, client.clientId),
      },
      { jwksCache },
    );
    verifiers.set(key, verifier);
  }
  return verifier;
}

/**
 * Verifies an ID token of `client`: signature by the issuer's JWKS (RS256 or
 * ES256), `iss`, `aud` (and `azp` when present), `exp`, `iat` present, not in
 * the future and under a day old, `sub` present. Only the configured client's
 * issuer is ever contacted, so a token cannot make us fetch from a URL of its
 * choosing. Throws {@link IdTokenRejectedError} for a token that fails, a 503
 * when the keys cannot be fetched.
 */
export async function verifyClientIdToken(client: SignInClient, endpoints: Pick<ProviderEndpoints, 'jwksUri'>, idToken: string): Promise<IdTokenClaims> {
  try {
    return await verifierOf(client, endpoints.jwksUri).verify(idToken);
  } catch (error) {
    if (error instanceof IdTokenRejectedError) throw error;
    // A verdict on the token is aws-jwt-verify's own error; a failed key fetch (or anything else) is the IdP not answering.
    if (error instanceof FetchError || error instanceof JwksNotAvailableInCacheError || !(error instanceof JwtBaseError)) throw unavailable('keys', error);
    throw new IdTokenRejectedError(error.message, { cause: error });
  }
}

/** The callback's verification: {@link verifyClientIdToken} and the nonce of this sign-in; any failure is a 400. */
export async function verifyIdToken(client: SignInClient, endpoints: ProviderEndpoints, idToken: string, nonce: string): Promise<IdTokenClaims> {
  let payload: IdTokenClaims;
  try {
    payload = await verifyClientIdToken(client, endpoints, idToken);
  } catch (error) {
    if (!(error instanceof IdTokenRejectedError)) throw error;
    throw new BadRequestError('signin.invalid_id_token', `The identity provider's ID token is not valid: ${error.message}`, { cause: error });
  }
  if (payload.nonce !== nonce) {
    throw new BadRequestError('signin.invalid_id_token', "The identity provider's ID token was not issued for this sign-in (nonce mismatch)");
  }
  return payload;
}
