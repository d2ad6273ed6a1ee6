/**
 * Connected tests (DynamoDB Local + cognito-local) of the identity-sync outbox:
 * a Cognito outage leaves the item pending and counted, and the redelivery
 * converges; out-of-order items converge on the user's current state; the
 * emulator's missing AdminUserGlobalSignOut does not wedge the outbox. Also: a
 * Cognito failure while accepting an invite changes nothing in DynamoDB.
 */
import { randomUUID } from 'node:crypto';
import { AdminGetUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// The shared machine runs every suite against one DynamoDB Local at once: waits for the stream and the emulators get room.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
import { ensureUserPools, type TenantUserPool } from '../../infra/local/cognito-pools.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/local-env.js';
import type { Table } from '../../shared/storage/table.js';
import { IDENTITY_SYNC_OUTBOX } from '../../shared/identity/apply-identity-sync.js';
import { handleOutboxItem } from '../../shared/outbox/handle-item.js';
import { setCognitoClientForTests } from '../../shared/identity/cognito-client.js';
import type { IdentitySyncRequest } from '../../shared/identity/identity-sync.js';
import { keys } from '../../shared/storage/keys.js';
import { Transaction } from '../../shared/storage/transaction.js';
import { TenantRepository } from '../../shared/tenants/tenant-repository.js';
import type { Tenant } from '../../shared/tenants/tenant.js';
import { acceptInvite } from '../../shared/users/accept-invite.js';
import { inviteUser } from '../../shared/users/invite-user.js';
import { addLifecycleEffects } from '../../shared/users/lifecycle.js';
import { UserRepository } from '../../shared/users/user-repository.js';
import type { User } from '../../shared/users/user.js';
import { startTestCognito, type TestCognito } from '../support/emulators.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';

/** The identity-sync kind's handling of one item, as the stream consumer and the sweeper run it. */
const applyIdentitySync = (table: Table, request: { id: string }) => handleOutboxItem(table, IDENTITY_SYNC_OUTBOX, request.id);

let cognito: TestCognito;
let pool: TenantUserPool;
let testTenant: TestTenant;
let tenant: Tenant;
let probe: CognitoIdentityProviderClient;
const ACTOR = { type: 'system' as const, id: 'test' };

/** A client whose every call fails to connect: Cognito "down". */
const unreachable = () =>
  new CognitoIdentityProviderClient({ endpoint: 'http://127.0.0.1:9', region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });

beforeAll(async () => {
  cognito = await startTestCognito({ triggers: [] });
  pool = (await ensureUserPools(cognito.url, ['u4i']))['u4i']!;
  testTenant = await createTestTenant({
    prefix: 'u4i',
    mode: 'invite-only',
    userPoolId: pool.userPoolId,
    appClientId: pool.appClientId,
    jwtIssuer: pool.jwtIssuer,
  });
  tenant = await new TenantRepository(testTenant.table).require(testTenant.tenantId);
  probe = new CognitoIdentityProviderClient({ endpoint: cognito.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  setCognitoClientForTests(undefined);
});
afterAll(async () => {
  setCognitoClientForTests(undefined);
  probe?.destroy();
  await cognito?.stop();
});

async function cognitoUser(username: string) {
  try {
    return await probe.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: username }));
  } catch (error) {
    if ((error as Error).name === 'UserNotFoundException') return undefined;
    throw error;
  }
}

function newUser(email: string): User {
  const now = new Date().toISOString();
  return {
    tenantId: tenant.id,
    id: randomUUID(),
    userName: email,
    email,
    emails: [{ value: email, primary: true }],
    active: true,
    role: 'tenant-member',
    source: 'invite',
    inviteAccepted: false,
    hasPassword: false,
    cognitoUsername: email,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
}

/** Commits before → after with its lifecycle effects; returns the sync requests it enqueued. */
async function change(before: User | undefined, after: User | undefined): Promise<IdentitySyncRequest[]> {
  const users = new UserRepository(testTenant.table);
  const tx = new Transaction(testTenant.table);
  if (!before && after) users.create(tx, after);
  else if (before && after) users.update(tx, before, after);
  else if (before) users.delete(tx, before);
  const requests = addLifecycleEffects(tx, tenant, before, after);
  await tx.commit();
  return requests;
}

const stored = (id: string) => testTenant.table.get<IdentitySyncRequest & { lastError?: string; results?: Record<string, string> }>(keys.identitySync(id));

describe('identity-sync outbox', () => {
  it('stays pending while Cognito is down and converges when it is back', async () => {
    const user = newUser('outage@example.com');
    const [create] = await change(undefined, user);
    expect(create!.actions).toEqual(['create']);

    setCognitoClientForTests(unreachable());
    await expect(applyIdentitySync(testTenant.table, create!)).rejects.toThrow();
    expect(await stored(create!.id)).toMatchObject({ status: 'pending', attempts: 1 });
    expect(await cognitoUser(user.email!)).toBeUndefined();

    setCognitoClientForTests(undefined);
    expect(await applyIdentitySync(testTenant.table, create!)).toBe('done');
    expect(await stored(create!.id)).toMatchObject({ status: 'done' });
    expect((await cognitoUser(user.email!))?.Enabled).toBe(true);
    expect(await applyIdentitySync(testTenant.table, create!)).toBe('already-done');
  });

  it('disables and (where the emulator lacks it) records the sign-out as unsupported instead of wedging', async () => {
    const user = newUser('leaving@example.com');
    const [create] = await change(undefined, user);
    await applyIdentitySync(testTenant.table, create!);
    const off = { ...user, active: false };
    const [disable] = await change(user, off);
    expect(disable!.actions).toEqual(['disable', 'signOut']);
    expect(await applyIdentitySync(testTenant.table, disable!)).toBe('done');
    expect((await cognitoUser(user.email!))?.Enabled).toBe(false);
    expect((await stored(disable!.id))?.results).toEqual({ disable: 'done', signOut: 'unsupported' });
  });

  it('converges on the current state when items arrive out of order', async () => {
    const user = newUser('flapping@example.com');
    const [create] = await change(undefined, user);
    await applyIdentitySync(testTenant.table, create!);
    const off = { ...user, active: false };
    const [disable] = await change(user, off);
    const [enable] = await change({ ...off, version: 2 }, { ...user, version: 2 });
    // The enable arrives first, then the stale disable: the user must end up enabled.
    await applyIdentitySync(testTenant.table, enable!);
    await applyIdentitySync(testTenant.table, disable!);
    expect((await cognitoUser(user.email!))?.Enabled).toBe(true);
    expect((await stored(disable!.id))?.results).toMatchObject({ disable: 'skipped' });
  });

  it('deletes the Cognito user with the domain user', async () => {
    const user = newUser('gone@example.com');
    const [create] = await change(undefined, user);
    await applyIdentitySync(testTenant.table, create!);
    const [del] = await change(user, undefined);
    expect(del!.actions).toEqual(['delete']);
    await applyIdentitySync(testTenant.table, del!);
    expect(await cognitoUser(user.email!)).toBeUndefined();
  });
});

describe('identity-sync items written before the outbox was generic', () => {
  it('are swept from the old pending partition and applied, and leave it once done', async () => {
    const { sweepOutbox } = await import('../../shared/outbox/sweeper.js');
    const { STREAM_GRACE_MS } = await import('../../shared/outbox/outbox-item.js');
    const user = newUser('legacy-sync@example.com');
    await change(undefined, { ...user, active: true });
    const id = randomUUID();
    const createdAt = new Date(Date.now() - STREAM_GRACE_MS - 60_000).toISOString();
    // The item as the previous version wrote it: no kind and no due time, on its own pending partition.
    await testTenant.table.put({
      Item: {
        ...keys.identitySync(id),
        entity: 'identitySync',
        id,
        tenantId: tenant.id,
        userId: user.id,
        userPoolId: pool.userPoolId,
        cognitoUsername: user.email,
        email: user.email,
        actions: ['create'],
        createdAt,
        status: 'pending',
        attempts: 0,
        GSI1PK: 'IDSYNC#PENDING',
        GSI1SK: `${createdAt}#${id}`,
      },
    });
    const onlyThisTenant = { tenantFilter: (t: string) => t === tenant.id };
    expect((await sweepOutbox(testTenant.table, onlyThisTenant)).identitySync).toEqual({ handled: 1, failed: 0 });
    expect((await cognitoUser(user.email!))?.Enabled).toBe(true);
    const done = await stored(id);
    expect(done).toMatchObject({ status: 'done', results: { create: 'done' } });
    expect(done).not.toHaveProperty('GSI1PK');
    expect((await sweepOutbox(testTenant.table, onlyThisTenant)).identitySync).toEqual({ handled: 0, failed: 0 });
  });
});

describe('accepting an invite while Cognito is down', () => {
  it('answers 503 and changes nothing; the same token works once Cognito is back', async () => {
    const { user, link } = await inviteUser(testTenant.table, {
      tenant,
      email: 'later@example.com',
      actor: ACTOR,
      invite: true,
      sendEmail: false,
      clientUrl: 'https://app.example.com/accept',
    });
    const token = new URL(link!).searchParams.get('token')!;
    setCognitoClientForTests(unreachable());
    await expect(acceptInvite(testTenant.table, { token, password: 'a good password' })).rejects.toMatchObject({ status: 503 });
    const unchanged = await new UserRepository(testTenant.table).get(tenant.id, user.id);
    expect(unchanged).toMatchObject({ inviteAccepted: false, hasPassword: false, version: 1 });
    expect(await testTenant.table.get(keys.invite(tenant.id, user.id))).not.toHaveProperty('usedAt');

    setCognitoClientForTests(undefined);
    const accepted = await acceptInvite(testTenant.table, { token, password: 'a good password' });
    expect(accepted).toMatchObject({ inviteAccepted: true, hasPassword: true });
  });
});
