/**
 * Verifies a Cognito ID token of a tenant's user pool (signature by the pool's
 * JWKS, issuer, expiry) with aws-jwt-verify. The pool is found from the token's
 * issuer, and the tenant from the pool, so the tenant always comes from the
 * credential. The issuer is Cognito's URL in AWS and the emulator's locally.
 */
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { UnauthorizedError } from '../errors/app-error.js';
import { jwksCache } from '../signin/jwks-cache.js';

export interface VerifiedIdentity {
  issuer: string;
  userPoolId: string;
  claims: Record<string, unknown>;
}

// Verifiers cache their pool's JWKS; they hold no per-request state.
const verifiers = new Map<string, ReturnType<typeof JwtRsaVerifier.create>>();

/** The pool id named by a token's issuer, read without verifying (the verification follows). */
export function unverifiedIssuer(token: string): { issuer: string; userPoolId: string } {
  const iss = unverifiedClaims(token).iss;
  if (typeof iss !== 'string' || !iss) throw new UnauthorizedError('auth.invalid_token', 'JWT has no issuer');
  const userPoolId = iss.replace(/\/+$/, '').split('/').pop() ?? '';
  return { issuer: iss, userPoolId };
}

/**
 * Whether an issuer's last segment can be a user pool id (`<region>_<id>`, as
 * Cognito and cognito-local make them): only then is the pool mapping worth a
 * read. An IdP's issuer (`https://idp.example`, `.../oauth2/default`) is not.
 */
export const namesUserPool = (userPoolId: string): boolean => userPoolId.length <= 55 && /^[\w-]+_[0-9a-zA-Z]+$/.test(userPoolId);

/** Longest `user_id` claim worth a read: ours are UUIDs (pre-token-generation trigger). */
const MAX_USER_ID_LENGTH = 128;

/**
 * The `user_id` claim, read without verifying so the user can be fetched with the
 * tenant in one request; the caller verifies the token and compares the claim
 * before trusting anything it read.
 */
export function unverifiedUserId(token: string): string {
  const userId = unverifiedClaims(token).user_id;
  if (typeof userId !== 'string' || !userId || userId.length > MAX_USER_ID_LENGTH) {
    throw new UnauthorizedError('auth.invalid_token', 'Invalid or expired token');
  }
  return userId;
}

/** A JWT's claims, decoded without verifying: only to find what to read and whom to verify against. */
export function unverifiedClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (!payload) throw new UnauthorizedError('auth.invalid_token', 'Bearer token is neither a PAT nor a JWT');
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (claims && typeof claims === 'object' && !Array.isArray(claims)) return claims as Record<string, unknown>;
  } catch {
    // falls through to the refusal below
  }
  throw new UnauthorizedError('auth.invalid_token', 'Bearer token is neither a PAT nor a JWT');
}

export async function verifyCognitoJwt(token: string, expectedIssuer: string, appClientId?: string): Promise<VerifiedIdentity> {
  let verifier = verifiers.get(expectedIssuer);
  if (!verifier) {
    verifier = JwtRsaVerifier.create(
      {
        issuer: expectedIssuer,
        audience: null,
        jwksUri: `${expectedIssuer.replace(/\/+$/, '')}/.well-known/jwks.json`,
      },
      { jwksCache },
    );
    verifiers.set(expectedIssuer, verifier);
  }
  try {
    const claims = (await verifier.verify(token)) as Record<string, unknown>;
    if (appClientId && claims.aud !== appClientId) throw new Error('audience mismatch');
    return { issuer: expectedIssuer, userPoolId: unverifiedIssuer(token).userPoolId, claims };
  } catch (error) {
    throw new UnauthorizedError('auth.invalid_token', 'Invalid or expired token', { cause: error });
  }
}
