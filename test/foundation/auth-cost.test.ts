/**
 * Connected: what authenticating a PAT and a SCIM token costs in DynamoDB
 * requests, pinned exactly, and that remembering whose a PAT is never serves a
 * revoked token, a deactivated user or a changed role from memory.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '../support/authenticate.js';
import type { UserPrincipal } from '../../shared/caller/principal.js';
import { keys } from '../../shared/storage/keys.js';
import { Transaction } from '../../shared/storage/transaction.js';
import { issuePersonalAccessToken, listPersonalAccessTokens, revokePersonalAccessToken } from '../../shared/tokens/personal-access-tokens.js';
import { countOwnRequests, type RecordedRequest } from '../scim/request-counter.js';
import { rememberSecret } from '../support/secret-ledger.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';

let tenant: TestTenant;

beforeAll(async () => {
  tenant = await createTestTenant({ prefix: 'authcost' });
  rememberSecret(tenant.adminToken, tenant.scimToken!);
});

const event = (token: string, tenantId?: string) => ({ headers: { authorization: `Bearer ${token}` }, pathParameters: tenantId ? { tenantId } : {} });

async function measure(token: string, kind: 'user' | 'admin' | 'scim' = 'user') {
  const { result, requests: own } = await countOwnRequests(() =>
    authenticate(tenant.table, kind, event(token, tenant.tenantId)).then(
      (principal) => ({ principal, error: undefined }),
      (error: unknown) => ({ principal: undefined, error: error as { status?: number; code?: string } }),
    ),
  );
  const keysRead = (r: RecordedRequest) =>
    r.command === 'BatchGetCommand'
      ? Object.values(r.input.RequestItems as Record<string, { Keys: Array<{ SK: string }> }>)[0]!
          .Keys.map((k) => k.SK)
          .sort()
      : [(r.input.Key as { SK: string }).SK];
  return { ...result, calls: own.map((r) => `${r.command.replace(/Command$/, '')} ${keysRead(r).join(',')}`) };
}

async function newPat(name: string) {
  const { id, token } = await issuePersonalAccessToken(tenant.table, { tenantId: tenant.tenantId, userId: tenant.adminUserId, name });
  rememberSecret(token);
  return { id, token };
}

describe('PAT authentication', () => {
  it('reads the secret, then the user and tenant, the first time; then all three in one BatchGet', async () => {
    const { token } = await newPat('cost-first-then-one');
    const first = await measure(token);
    expect(first.error).toBeUndefined();
    expect(first.calls).toEqual(['Get SECRET', `BatchGet TENANT,U#${tenant.adminUserId}`]);
    const next = await measure(token);
    expect((next.principal as UserPrincipal).user.id).toBe(tenant.adminUserId);
    expect(next.calls).toEqual([`BatchGet SECRET,TENANT,U#${tenant.adminUserId}`]);
  });

  it('refuses a revoked PAT on the next request though the container knows whose it was', async () => {
    const { id, token } = await newPat('cost-revoked');
    expect((await measure(token)).error).toBeUndefined();
    const pat = (await listPersonalAccessTokens(tenant.table, tenant.tenantId, tenant.adminUserId)).find((p) => p.id === id)!;
    const tx = new Transaction(tenant.table);
    revokePersonalAccessToken(tx, pat);
    await tx.commit();
    const refused = await measure(token);
    expect(refused.error).toMatchObject({ status: 401, code: 'auth.invalid_token' });
    expect(refused.calls).toEqual([`BatchGet SECRET,TENANT,U#${tenant.adminUserId}`]);
    // Forgotten with the secret: the next attempt starts from the secret alone.
    expect((await measure(token)).calls).toEqual(['Get SECRET']);
  });

  it('reads role and status on every request: a demotion and a deactivation apply on the next one', async () => {
    const { token } = await newPat('cost-status');
    expect((await measure(token, 'admin')).error).toBeUndefined();
    const userKey = keys.user(tenant.tenantId, tenant.adminUserId);
    try {
      await tenant.table.update({
        Key: userKey,
        UpdateExpression: 'SET #r = :r',
        ExpressionAttributeNames: { '#r': 'role' },
        ExpressionAttributeValues: { ':r': 'tenant-member' },
      });
      expect((await measure(token, 'admin')).error).toMatchObject({ status: 403, code: 'auth.admin_required' });
      await tenant.table.update({ Key: userKey, UpdateExpression: 'SET active = :f', ExpressionAttributeValues: { ':f': false } });
      expect((await measure(token)).error).toMatchObject({ status: 401, code: 'auth.user_deactivated' });
    } finally {
      await tenant.table.update({
        Key: userKey,
        UpdateExpression: 'SET #r = :r, active = :t',
        ExpressionAttributeNames: { '#r': 'role' },
        ExpressionAttributeValues: { ':r': 'tenant-admin', ':t': true },
      });
    }
    expect((await measure(token, 'admin')).error).toBeUndefined();
  });
});

describe('SCIM token authentication', () => {
  it('is one BatchGet of the secret and the tenant, every time', async () => {
    for (let i = 0; i < 2; i++) {
      const { error, calls } = await measure(tenant.scimToken!, 'scim');
      expect(error).toBeUndefined();
      expect(calls).toEqual(['BatchGet SECRET,TENANT']);
    }
  });
});
