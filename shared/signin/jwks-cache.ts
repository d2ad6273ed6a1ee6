/**
 * The one JWKS cache of a container, for every issuer whose tokens it verifies
 * (tenant pools, direct sign-in clients). aws-jwt-verify's own fetcher speaks
 * only https; the local Cognito emulator and the demo IdP serve their keys over
 * http on loopback. Node's fetch speaks both, with a timeout so a slow JWKS
 * endpoint cannot hold a request for the Lambda's whole budget.
 */
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';

const JWKS_TIMEOUT_MS = 3000;

const jwksFetcher: Fetcher = {
  async fetch(uri) {
    const response = await fetch(uri, { signal: AbortSignal.timeout(JWKS_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`JWKS endpoint answered ${response.status}`);
    return response.arrayBuffer();
  },
};

export const jwksCache = new SimpleJwksCache({ fetcher: jwksFetcher });
