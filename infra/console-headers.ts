/**
 * The security headers of the console's pages, shared by the local console
 * server (infra/local/console-server.ts) and the CloudFront response headers
 * policy (infra/constructs/console-hosting.ts): a CSP that
 * allows scripts and styles from the console's own origin only and network
 * calls to it and to Cognito (the password sign-in goes from the browser to
 * the tenant's pool), no framing, and no referrer (invite and reset links carry
 * their secret in the query string).
 */

/**
 * The Content-Security-Policy of the console, given the origin of the Cognito
 * endpoint browsers call (`https://cognito-idp.<region>.amazonaws.com`; a CDK
 * token in AWS, so it is taken as is rather than parsed).
 */
export function consoleCsp(cognitoOrigin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${cognitoOrigin}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers of every HTML answer of the console (local server). */
export function consoleHtmlHeaders(cognitoEndpoint: string): Record<string, string> {
  return {
    'content-security-policy': consoleCsp(new URL(cognitoEndpoint).origin),
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  };
}
