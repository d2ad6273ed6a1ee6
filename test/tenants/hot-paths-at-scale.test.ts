/**
 * Connected: the per-tenant hot paths cost the same DynamoDB requests with 2
 * tenants in the table as with 200. SCIM authentication, Cognito JWT
 * authentication (the tenant found from the token's pool, on a container that
 * has never seen the pool and on one that has) and a sign-in trigger's tenant
 * lookup are measured on a table of their own holding exactly 2, then exactly
 * 200 tenants, for the first tenant and for the newest one. Requests are
 * compared by command and key shape, and none may be a Query or Scan, whose
 * cost would grow with the tenants.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable } from '../../infra/local/create-table.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/local-env.js';
import { authenticate } from '../support/authenticate.js';
import { tenantOfPool } from '../../shared/signin/trigger-kit.js';
import { Table } from '../../shared/storage/table.js';
import { provisionTenant } from '../../shared/tenant-setup/provision-tenant.js';
import { issueScimToken } from '../../shared/tokens/scim-tokens.js';
import { countRequests, isTokenTouch, type RecordedRequest } from '../scim/request-counter.js';
import { startPoolJwks, type PoolJwks } from '../support/pool-jwks.js';

const APP_CLIENT = 'console-client';
let table: Table;
let jwks: PoolJwks;

interface SeededTenant {
  tenantId: string;
  userPoolId: string;
  adminUserId: string;
  scimToken: string;
}
const seeded: SeededTenant[] = [];

/**
 * Provisions `count` tenants, each with its pool, admin and SCIM token, `SEED_WIDTH`
 * at a time, and records them in order of creation (the last one is the newest).
 * The DynamoDB Local is this worker's alone (test/support/dynamodb.ts), so the
 * parallel transactions hold up no other file's.
 */
async function seedTenants(count: number): Promise<void> {
  for (let done = 0; done < count; done += SEED_WIDTH) {
    seeded.push(...(await Promise.all(Array.from({ length: Math.min(SEED_WIDTH, count - done) }, () => seedTenant()))));
  }
}
const SEED_WIDTH = 8;

async function seedTenant(): Promise<SeededTenant> {
  const suffix = randomUUID().slice(0, 8);
  const tenantId = `scale-${suffix}`;
  const userPoolId = `local_${suffix}`;
  const { adminUserIds } = await provisionTenant(table, {
    id: tenantId,
    displayName: `Scale ${suffix}`,
    mode: 'scim',
    userPoolId,
    appClientId: APP_CLIENT,
    jwtIssuer: jwks.issuerOf(userPoolId),
    admins: [{ email: `admin@${tenantId}.example` }],
  });
  const { token } = await issueScimToken(table, { tenantId, actorId: adminUserIds[0]! });
  return { tenantId, userPoolId, adminUserId: adminUserIds[0]!, scimToken: token };
}

async function idToken(tenant: SeededTenant): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT({ token_use: 'id', tenant_id: tenant.tenantId, user_id: tenant.adminUserId })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(jwks.issuerOf(tenant.userPoolId))
    .setAudience(APP_CLIENT)
    .setSubject(tenant.adminUserId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 3600)
    .sign(jwks.signingKey);
}

/**
 * A request as `Command PK-kind/SK-kind,...`: what it reads, without whose.
 * Token touches (`lastUsedAt`, at most one a minute per token) are left out.
 */
function shape(requests: RecordedRequest[]): string[] {
  const kind = (key: { PK: string; SK: string }) => `${key.PK.split('#')[0]}/${key.SK.split('#')[0]}`;
  return requests
    .filter((r) => !isTokenTouch(r))
    .map((r) => {
      const keysRead =
        r.command === 'BatchGetCommand'
          ? Object.values(r.input.RequestItems as Record<string, { Keys: Array<{ PK: string; SK: string }> }>)[0]!.Keys
          : r.input.Key
            ? [r.input.Key as { PK: string; SK: string }]
            : [];
      return `${r.command.replace(/Command$/, '')} ${keysRead.map(kind).sort().join(',')}`;
    });
}

/** The requests of each hot path for one tenant; JWT first on a pool this process has not met, then again. */
async function hotPaths(tenant: SeededTenant) {
  const scim = await countRequests(() =>
    authenticate(table, 'scim', { headers: { authorization: `Bearer ${tenant.scimToken}` }, pathParameters: { tenantId: tenant.tenantId } }),
  );
  const token = await idToken(tenant);
  const jwtFirst = await countRequests(() => authenticate(table, 'admin', { headers: { authorization: `Bearer ${token}` } }));
  const jwtAgain = await countRequests(() => authenticate(table, 'admin', { headers: { authorization: `Bearer ${token}` } }));
  const trigger = await countRequests(() => tenantOfPool(table, tenant.userPoolId));
  expect(scim.result).toMatchObject({ kind: 'scim', tenant: { id: tenant.tenantId } });
  expect(jwtFirst.result).toMatchObject({ kind: 'user', tenant: { id: tenant.tenantId } });
  expect(jwtAgain.result).toMatchObject({ kind: 'user', tenant: { id: tenant.tenantId } });
  expect(trigger.result.id).toBe(tenant.tenantId);
  const all = [scim, jwtFirst, jwtAgain, trigger].flatMap((m) => m.requests);
  expect(all.filter((r) => r.command === 'QueryCommand' || r.command === 'ScanCommand')).toEqual([]);
  return { scim: shape(scim.requests), jwtFirst: shape(jwtFirst.requests), jwtAgain: shape(jwtAgain.requests), trigger: shape(trigger.requests) };
}

beforeAll(async () => {
  jwks = await startPoolJwks((pool) => /^local_[0-9a-f]{8}$/.test(pool));
  const name = `tenants-at-scale-${randomUUID().slice(0, 8)}`;
  const client = new DynamoDBClient({ endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  await ensureTable(client, name);
  table = new Table(name);
}, 60_000);

afterAll(async () => {
  await jwks?.close();
});

describe('per-tenant hot paths at 2 and at 200 tenants', () => {
  let atTwo: Awaited<ReturnType<typeof hotPaths>>;

  it('cost a fixed set of point reads with 2 tenants', async () => {
    await seedTenants(2);
    atTwo = await hotPaths(seeded[1]!);
    expect(atTwo).toEqual({
      scim: ['BatchGet SECRET/SECRET,T/TENANT'],
      jwtFirst: ['Get POOL/POOL', 'BatchGet T/TENANT,T/U'],
      jwtAgain: ['BatchGet T/TENANT,T/U'],
      trigger: ['Get POOL/POOL', 'Get T/TENANT'],
    });
  });

  // Provisions 198 tenants first, each a real provisioning transaction: about a minute on an idle machine,
  // four on a 2-core one running the rest of the suite beside it (measured 247 s).
  it('cost the same with 200, for the first tenant and for the newest', { timeout: 600_000 }, async () => {
    await seedTenants(198);
    expect(seeded).toHaveLength(200);
    expect(await hotPaths(seeded[199]!)).toEqual(atTwo);
    // The oldest tenant, never measured before: the same requests again.
    expect(await hotPaths(seeded[0]!)).toEqual(atTwo);
  });
});
