/**
 * A stand-in for Cognito's JWKS endpoints: one RS256 key, served at
 * `/<pool>/.well-known/jwks.json` for the pools `servesPool` accepts, as Cognito
 * serves one per pool. Tokens signed with `signingKey` and issued by
 * `issuerOf(pool)` verify as that pool's.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type CryptoKey } from 'jose';

export interface PoolJwks {
  signingKey: CryptoKey;
  issuerOf(userPoolId: string): string;
  close(): Promise<void>;
}

export async function startPoolJwks(servesPool: (userPoolId: string) => boolean): Promise<PoolJwks> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    const pool = /^\/([^/]+)\/\.well-known\/jwks\.json$/.exec(req.url ?? '')?.[1];
    res.end(pool && servesPool(pool) ? JSON.stringify({ keys: [jwk] }) : '{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    signingKey: privateKey,
    issuerOf: (userPoolId) => `${base}/${userPoolId}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
