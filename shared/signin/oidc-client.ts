/**
 * The relying-party side of the browser sign-in: authorization URL, code
 * exchange at the tenant's token endpoint (Cognito's in AWS, the demo provider
 * locally) and ID token verification (signature by JWKS, issuer, audience,
 * expiry, nonce). What the client sent wrong is a 400; what the IdP failed to
 * answer is a 503 the person can retry.
 *
 * Discovery documents and key sets are cached per issuer: they are properties
 * of the IdP, not of a request.
 */
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
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
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

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

/** Verifies signature (JWKS), issuer, audience, expiry and nonce; any failure is a 400. */
export async function verifyIdToken(client: SignInClient, endpoints: ProviderEndpoints, idToken: string, nonce: string): Promise<JWTPayload> {
  let keySet = keySets.get(endpoints.jwksUri);
  if (!keySet) {
    keySet = createRemoteJWKSet(new URL(endpoints.jwksUri), { timeoutDuration: IDP_TIMEOUT_MS });
    keySets.set(endpoints.jwksUri, keySet);
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, keySet, { issuer: client.issuer, audience: client.clientId, clockTolerance: 30 }));
  } catch (error) {
    if (error instanceof joseErrors.JWKSTimeout) throw unavailable('keys', error);
    throw new BadRequestError('signin.invalid_id_token', `The identity provider's ID token is not valid: ${(error as Error).message}`, { cause: error });
  }
  if (payload.nonce !== nonce) {
    throw new BadRequestError('signin.invalid_id_token', "The identity provider's ID token was not issued for this sign-in (nonce mismatch)");
  }
  return payload;
}
