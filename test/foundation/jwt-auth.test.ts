/**
 * Cognito JWT authentication through the gateway: the tenant comes from the
 * token's issuer (its user pool), the signature from the pool's JWKS, and the
 * user's status from the table on every request, so deactivation is immediate
 * and tokens issued before it stay dead after reactivation.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { startPoolJwks, type PoolJwks } from '../support/pool-jwks.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { createUser } from '../tenants/support.js';
import type { User } from '../../shared/users/user.js';
import { setUserActive } from '../../shared/users/activation.js';
import { authenticate } from '../support/authenticate.js';
import { keys } from '../../shared/storage/keys.js';
import { countRequests, type RecordedRequest } from '../scim/request-counter.js';

const userPoolId = `local_${randomUUID().slice(0, 8)}`;
const appClientId = 'console-client';
let jwks: PoolJwks;
let issuer: string;
let signingKey: CryptoKey;
let gateway: TestGateway;
let tenant: TestTenant;
let member: User;

async function idToken(claims: Record<string, unknown>, key = signingKey, iat = Math.floor(Date.now() / 1000)) {
  return new SignJWT({ token_use: 'id', tenant_id: tenant.tenantId, user_id: member.id, email: member.email, ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(issuer)
    .setAudience(appClientId)
    .setSubject(member.id)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 3600)
    .sign(key);
}

const me = (token: string) => gateway.request(`/api/svc/v1/users/${member.id}`, { token });

/** Authenticates `token` directly and lists the reads it made, as `Command SK,SK`. */
async function authReads(token: string) {
  const { result, requests } = await countRequests(() =>
    authenticate(tenant.table, 'user', { headers: { authorization: `Bearer ${token}` } }).then(
      () => 200,
      (error: { status?: number }) => error.status,
    ),
  );
  const sks = (r: RecordedRequest) =>
    r.command === 'BatchGetCommand'
      ? Object.values(r.input.RequestItems as Record<string, { Keys: Array<{ SK: string }> }>)[0]!
          .Keys.map((k) => k.SK)
          .sort()
      : [(r.input.Key as { SK: string }).SK];
  return { status: result, reads: requests.map((r) => `${r.command.replace(/Command$/, '')} ${sks(r).join(',')}`) };
}

beforeAll(async () => {
  jwks = await startPoolJwks((pool) => pool === userPoolId);
  signingKey = jwks.signingKey;
  issuer = jwks.issuerOf(userPoolId);
  tenant = await createTestTenant({ prefix: 'jwt', mode: 'invite-only', userPoolId, appClientId, jwtIssuer: issuer });
  const email = `member@${tenant.tenantId}.example`;
  member = await createUser(tenant.table, tenant.tenantId, { email, userName: email, emails: [{ value: email, primary: true }] });
  gateway = await startTestGateway();
});

afterAll(async () => {
  await gateway?.close();
  await jwks?.close();
});

describe('Cognito JWT authentication', () => {
  it('accepts an ID token of the tenant pool and acts as its user', async () => {
    const res = await me(await idToken({}));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { id: string } }).data.id).toBe(member.id);
  });

  it('refuses a token signed by another key, for another app client, or claiming another tenant', async () => {
    const { privateKey: otherKey } = await generateKeyPair('RS256');
    expect((await me(await idToken({}, otherKey))).status).toBe(401);
    const wrongAudience = await new SignJWT({ token_use: 'id', tenant_id: tenant.tenantId, user_id: member.id })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(issuer)
      .setAudience('another-client')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(signingKey);
    expect((await me(wrongAudience)).status).toBe(401);
    expect((await me(await idToken({ tenant_id: 'another-tenant' }))).status).toBe(401);
    expect((await me(await idToken({}, signingKey, Math.floor(Date.now() / 1000) - 7200))).status).toBe(401);
  });

  it('reads the user and tenant in one BatchGet once the container knows the pool’s tenant', async () => {
    const token = await idToken({});
    expect((await authReads(token)).status).toBe(200);
    expect(await authReads(token)).toEqual({ status: 200, reads: [`BatchGet TENANT,U#${member.id}`] });
  });

  it('checks the remembered pool against the tenant read: a tenant that no longer holds the pool is refused', async () => {
    const token = await idToken({});
    expect((await authReads(token)).status).toBe(200);
    const tenantKey = keys.tenant(tenant.tenantId);
    await tenant.table.update({ Key: tenantKey, UpdateExpression: 'SET userPoolId = :p', ExpressionAttributeValues: { ':p': 'local_another' } });
    try {
      // The remembered tenant fails the check, so the mapping is read again, and the tenant still fails it.
      expect(await authReads(token)).toEqual({ status: 401, reads: [`BatchGet TENANT,U#${member.id}`, 'Get POOL', `BatchGet TENANT,U#${member.id}`] });
    } finally {
      await tenant.table.update({ Key: tenantKey, UpdateExpression: 'SET userPoolId = :p', ExpressionAttributeValues: { ':p': userPoolId } });
    }
    expect(await authReads(token)).toEqual({ status: 200, reads: ['Get POOL', `BatchGet TENANT,U#${member.id}`] });
    expect(await authReads(token)).toEqual({ status: 200, reads: [`BatchGet TENANT,U#${member.id}`] });
  });

  it('refuses a token without a usable user_id claim before reading anything', async () => {
    for (const user_id of [undefined, 42, '', 'x'.repeat(129)]) {
      expect(await authReads(await idToken({ user_id }))).toEqual({ status: 401, reads: [] });
    }
  });

  it('refuses the user on the next request once deactivated, and old sessions after reactivation', async () => {
    const before = await idToken({}, signingKey, Math.floor(Date.now() / 1000) - 5);
    expect((await me(before)).status).toBe(200);
    const actor = { type: 'system' as const, id: 'test' };
    const tenantRecord = { id: tenant.tenantId } as never;
    await setUserActive(tenant.table, { tenant: tenantRecord, email: member.email!, active: false, actor });
    const refused = await me(before);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: 'auth.user_deactivated' });

    await setUserActive(tenant.table, { tenant: tenantRecord, email: member.email!, active: true, actor });
    const stale = await me(before);
    expect(stale.status).toBe(401);
    expect(await stale.json()).toMatchObject({ code: 'auth.session_revoked' });
    await new Promise((r) => setTimeout(r, 1100));
    expect((await me(await idToken({}))).status).toBe(200);
  });
});
