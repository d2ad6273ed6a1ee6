/** What kind of credential a bearer token is, and when a JWT stops working (read, never trusted). */

export type CredentialKind = 'pat' | 'jwt';

/** PATs carry the service's secret prefix; anything else the console holds is a Cognito ID token. */
export const credentialKindOf = (token: string): CredentialKind => (token.startsWith('prv_pat_') ? 'pat' : 'jwt');

/**
 * The `exp` of a JWT in epoch milliseconds, or undefined when the token is not a
 * readable JWT. The API verifies the signature; the console only uses this to say
 * "your session has ended" before a request fails.
 */
export function jwtExpiry(token: string): number | undefined {
  const exp = jwtClaims(token)?.exp;
  return typeof exp === 'number' ? exp * 1000 : undefined;
}

/** The claims of a JWT, decoded without verifying (only the API's verification counts), or undefined when unreadable. */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(decodeBase64Url(payload));
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function decodeBase64Url(text: string): string {
  const base64 = text
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(text.length / 4) * 4, '=');
  const binary = atob(base64);
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}
