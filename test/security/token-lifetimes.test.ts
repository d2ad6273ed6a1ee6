/**
 * Tokens end when the service says they end.
 *
 * - A SCIM token rotation with `graceSeconds: 0` ends every older token,
 *   including one still inside the grace period of an earlier rotation; a
 *   shorter grace cuts an earlier, longer one short.
 * - A deactivation revokes the user's PATs for good, whichever path made it
 *   (admin API or SCIM): after deactivate then activate, a PAT made before the
 *   deactivation stays refused and is gone from the listing; one made after
 *   the reactivation works. PATs stored before their issue time was kept are
 *   dated by their metadata.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../shared/storage/keys.js';
import { issuePersonalAccessToken } from '../../shared/tokens/personal-access-tokens.js';
import { hashSecret } from '../../shared/tokens/secret-token.js';
import { rememberSecret } from '../support/secret-ledger.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { call, type ApiRequest } from './in-process-api.js';

const SLOW_OK = { timeoutSeconds: 60 };
const SCIM_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

let tenant: TestTenant;
beforeAll(async () => {
  tenant = await createTestTenant({ prefix: 'ttl', mode: 'scim' });
  rememberSecret(tenant.adminToken, tenant.scimToken!);
}, 60_000);
afterAll(() => undefined);

const admin = (method: string, path: string, body?: unknown): ApiRequest => ({ method, url: `/api/svc/v1${path}`, token: tenant.adminToken, body });
const scim = (token: string, method: string, path: string, body?: unknown): ApiRequest => ({
  method,
  url: `/scim/v2/${tenant.tenantId}${path}`,
  token,
  body,
  headers: body === undefined ? {} : { 'content-type': 'application/scim+json' },
});
const scimWorks = async (token: string) => (await call(scim(token, 'GET', '/Users?count=1'), SLOW_OK)).status;

async function rotate(graceSeconds: number): Promise<string> {
  const res = await call(admin('POST', '/provisioning/scim-token', { graceSeconds }), SLOW_OK);
  expect(res.status, res.text).toBe(201);
  rememberSecret(res.json.token);
  return res.json.token;
}

describe('SCIM token rotation', () => {
  it('with graceSeconds 0 ends every older token, including one inside an earlier grace period', async () => {
    const first = tenant.scimToken!;
    const second = await rotate(3600);
    expect(await scimWorks(first)).toBe(200);
    const third = await rotate(0);
    expect(await scimWorks(first)).toBe(401);
    expect(await scimWorks(second)).toBe(401);
    expect(await scimWorks(third)).toBe(200);
    const list = await call(admin('GET', '/provisioning/scim-token'), SLOW_OK);
    expect(list.json.tokens.map((t: { status: string }) => t.status)).toEqual(['active']);
    // Gone, not merely hidden: the secret records of both are deleted.
    for (const old of [first, second]) expect(await tenant.table.get(keys.secret(hashSecret(old)))).toBeUndefined();
    tenant.scimToken = third;
  }, 60_000);

  it('with a shorter grace cuts an earlier, longer grace short, and never lengthens one', async () => {
    const a = tenant.scimToken!;
    const x = await rotate(86_400);
    const b = await rotate(60);
    const list = (await call(admin('GET', '/provisioning/scim-token'), SLOW_OK)).json.tokens as Array<{ status: string; expiresAt?: string }>;
    // `a` had a day from the first rotation; the second cut it, with `x`, to a minute.
    expect(list.map((t) => t.status)).toEqual(['active', 'grace', 'grace']);
    for (const t of list.slice(1)) expect(Date.parse(t.expiresAt!)).toBeLessThanOrEqual(Date.now() + 61_000);
    const minute = Math.max(...list.slice(1).map((t) => Date.parse(t.expiresAt!)));
    const c = await rotate(3600);
    const after = (await call(admin('GET', '/provisioning/scim-token'), SLOW_OK)).json.tokens as Array<{ status: string; expiresAt?: string }>;
    // `b` gets the new hour; `a` and `x` keep their earlier minute.
    expect(after.map((t) => t.status)).toEqual(['active', 'grace', 'grace', 'grace']);
    expect(
      after
        .slice(1)
        .map((t) => Date.parse(t.expiresAt!))
        .filter((end) => end <= minute),
    ).toHaveLength(2);
    for (const token of [a, x, b, c]) expect(await scimWorks(token)).toBe(200);
    tenant.scimToken = await rotate(0);
    for (const old of [a, x, b, c]) expect(await scimWorks(old)).toBe(401);
  }, 60_000);
});

describe('deactivation', () => {
  async function member(email: string): Promise<{ id: string; pat: string }> {
    const res = await call(
      scim(tenant.scimToken!, 'POST', '/Users', { schemas: [SCIM_USER], userName: email, emails: [{ value: email, primary: true }], active: true }),
      SLOW_OK,
    );
    expect(res.status, res.text).toBe(201);
    const { token } = await issuePersonalAccessToken(tenant.table, { tenantId: tenant.tenantId, userId: res.json.id, name: 'before' });
    rememberSecret(token);
    expect((await call({ method: 'GET', url: '/api/svc/v1/users', token }, SLOW_OK)).status).toBe(200);
    return { id: res.json.id, pat: token };
  }
  const patWorks = async (token: string) => (await call({ method: 'GET', url: '/api/svc/v1/users', token }, SLOW_OK)).status;
  const setActiveByScim = (id: string, active: boolean) =>
    call(scim(tenant.scimToken!, 'PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: active }] }), SLOW_OK);

  async function expectStoppedForGood(id: string, stale: string): Promise<void> {
    expect(await patWorks(stale)).toBe(401);
    const listed = await call(admin('GET', `/personal-access-tokens?userId=${id}`), SLOW_OK);
    expect(listed.status, listed.text).toBe(200);
    expect(listed.json.data).toEqual([]);
    // A new PAT, made after the reactivation, works; its name may be the stopped one's.
    const { token } = await issuePersonalAccessToken(tenant.table, { tenantId: tenant.tenantId, userId: id, name: 'after' });
    rememberSecret(token);
    expect(await patWorks(token)).toBe(200);
    expect(await patWorks(stale)).toBe(401);
  }

  it('by the admin API revokes the PATs made before it: reactivation brings none back', async () => {
    const email = 'leaver-admin@ttl.example';
    const { id, pat } = await member(email);
    expect((await call(admin('PATCH', '/users/deactivate', { email }), SLOW_OK)).status).toBe(200);
    expect(await patWorks(pat)).toBe(401);
    expect((await call(admin('PATCH', '/users/activate', { email }), SLOW_OK)).status).toBe(200);
    await expectStoppedForGood(id, pat);
  }, 60_000);

  it('by SCIM revokes them the same way', async () => {
    const { id, pat } = await member('leaver-scim@ttl.example');
    expect((await setActiveByScim(id, false)).status).toBe(200);
    expect(await patWorks(pat)).toBe(401);
    expect((await setActiveByScim(id, true)).status).toBe(200);
    await expectStoppedForGood(id, pat);
  }, 60_000);

  it('frees the names and places of stopped PATs when the user makes new ones through the API', async () => {
    const email = 'renamer@ttl.example';
    const { id, pat } = await member(email);
    expect((await call(admin('PATCH', '/users/deactivate', { email }), SLOW_OK)).status).toBe(200);
    expect((await call(admin('PATCH', '/users/activate', { email }), SLOW_OK)).status).toBe(200);
    const { token: fresh } = await issuePersonalAccessToken(tenant.table, { tenantId: tenant.tenantId, userId: id, name: 'bootstrap' });
    rememberSecret(fresh);
    const created = await call({ method: 'POST', url: '/api/svc/v1/personal-access-tokens', token: fresh, body: { name: 'before' } }, SLOW_OK);
    expect(created.status, created.text).toBe(201);
    rememberSecret(created.json.token);
    expect(await patWorks(created.json.token)).toBe(200);
    expect(await patWorks(pat)).toBe(401);
    expect(await tenant.table.get(keys.secret(hashSecret(pat)))).toBeUndefined();
  }, 60_000);

  it('also stops a PAT stored before secrets carried their issue time (dated by its metadata)', async () => {
    const email = 'old-pat@ttl.example';
    const { id, pat } = await member(email);
    await tenant.table.update({ Key: keys.secret(hashSecret(pat)), UpdateExpression: 'REMOVE issuedAt' });
    expect((await tenant.table.get<Record<string, unknown>>(keys.secret(hashSecret(pat))))?.issuedAt).toBeUndefined();
    expect(await patWorks(pat)).toBe(200);
    expect((await call(admin('PATCH', '/users/deactivate', { email }), SLOW_OK)).status).toBe(200);
    expect((await call(admin('PATCH', '/users/activate', { email }), SLOW_OK)).status).toBe(200);
    await expectStoppedForGood(id, pat);
  }, 60_000);
});
