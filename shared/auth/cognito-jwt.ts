/**
 * Verifies a Cognito ID token of a tenant's user pool (signature by the pool's
 * JWKS, issuer, expiry) with aws-jwt-verify. The pool is found from the token's
 * issuer, and the tenant from the pool, so the tenant always comes from the
 * credential. The issuer is Cognito's URL in AWS and the emulator's locally.
 */
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { Fetcher } from 'aws-jwt-verify/https';
import { UnauthorizedError } from '../errors/app-error.js';

export interface VerifiedIdentity {
  issuer: string;
  userPoolId: string;
  claims: Record<string, unknown>;
}

// Verifiers cache their pool's JWKS; they hold no per-request state.
const verifiers = new Map<string, ReturnType<typeof JwtRsaVerifier.create>>();

/**
 * aws-jwt-verify's own fetcher speaks only https; the local Cognito emulator
 * serves its JWKS over http on loopback. Node's fetch speaks both, with a timeout
 * so a slow JWKS endpoint cannot hold a request for the Lambda's whole budget.
 */
const jwksFetcher: Fetcher = {
  async fetch(uri) {
    const response = await fetch(uri, { signal: AbortSignal.timeout(3000) });
    if (!response.ok) throw new Error(`JWKS endpoint answered ${response.status}`);
    return response.arrayBuffer();
  },
};
const jwksCache = new SimpleJwksCache({ fetcher: jwksFetcher });

/** The pool id named by a token's issuer, read without verifying (the verification follows). */
export function unverifiedIssuer(token: string): { issuer: string; userPoolId: string } {
  const payload = token.split('.')[1];
  if (!payload) throw new UnauthorizedError('auth.invalid_token', 'Bearer token is neither a PAT nor a JWT');
  let iss: unknown;
  try {
    iss = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: unknown }).iss;
  } catch {
    throw new UnauthorizedError('auth.invalid_token', 'Bearer token is neither a PAT nor a JWT');
  }
  if (typeof iss !== 'string' || !iss) throw new UnauthorizedError('auth.invalid_token', 'JWT has no issuer');
  const userPoolId = iss.replace(/\/+$/, '').split('/').pop() ?? '';
  return { issuer: iss, userPoolId };
}

export async function verifyCognitoJwt(token: string, expectedIssuer: string, appClientId?: string): Promise<VerifiedIdentity> {
  let verifier = verifiers.get(expectedIssuer);
  if (!verifier) {
    verifier = JwtRsaVerifier.create({
      issuer: expectedIssuer,
      audience: null,
      jwksUri: `${expectedIssuer.replace(/\/+$/, '')}/.well-known/jwks.json`,
    }, { jwksCache });
    verifiers.set(expectedIssuer, verifier);
  }
  try {
    const claims = (await verifier.verify(token)) as Record<string, unknown>;
    const audience = claims.aud ?? claims.client_id;
    if (appClientId && audience !== appClientId) throw new Error('audience mismatch');
    return { issuer: expectedIssuer, userPoolId: unverifiedIssuer(token).userPoolId, claims };
  } catch (error) {
    throw new UnauthorizedError('auth.invalid_token', 'Invalid or expired token', { cause: error });
  }
}
