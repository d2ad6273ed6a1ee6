/**
 * Connected tests (DynamoDB Local) of the last-admin guard: it is a condition,
 * so two admins demoting each other at the same moment cannot both succeed.
 */
import { describe, expect, it } from 'vitest';
import { TenantRepository } from '../../shared/tenants/tenant-repository.js';
import { readActiveAdmins } from '../../shared/users/admin-guard.js';
import { inviteUser } from '../../shared/users/invite-user.js';
import { setTenantRole } from '../../shared/users/tenant-role.js';
import { setUserActive } from '../../shared/users/activation.js';
import { UserRepository } from '../../shared/users/user-repository.js';
import { createTestTenant } from '../support/tenants.js';

const actor = { type: 'system' as const, id: 'test' };

describe('last active admin', () => {
  it('lets exactly one of two concurrent demotions of the last two admins succeed', async () => {
    const t = await createTestTenant({ prefix: 'u4g', mode: 'invite-only' });
    const tenant = await new TenantRepository(t.table).require(t.tenantId);
    await inviteUser(t.table, { tenant, email: 'second@example.com', actor, invite: false, sendEmail: false });
    await setTenantRole(t.table, { tenant, email: 'second@example.com', role: 'tenant-admin', actor });
    expect(await readActiveAdmins(t.table, t.tenantId)).toBe(2);

    const outcomes = await Promise.allSettled([
      setTenantRole(t.table, { tenant, email: t.adminEmail, role: 'tenant-member', actor }),
      setUserActive(t.table, { tenant, email: 'second@example.com', active: false, actor }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ status: 409, code: 'user.last_admin' });
    expect(await readActiveAdmins(t.table, t.tenantId)).toBe(1);
  });

  it('counts a reactivated admin again', async () => {
    const t = await createTestTenant({ prefix: 'u4g', mode: 'invite-only' });
    const tenant = await new TenantRepository(t.table).require(t.tenantId);
    await inviteUser(t.table, { tenant, email: 'other@example.com', actor, invite: false, sendEmail: false });
    await setTenantRole(t.table, { tenant, email: 'other@example.com', role: 'tenant-admin', actor });
    await setUserActive(t.table, { tenant, email: 'other@example.com', active: false, actor });
    expect(await readActiveAdmins(t.table, t.tenantId)).toBe(1);
    await setUserActive(t.table, { tenant, email: 'other@example.com', active: true, actor });
    expect(await readActiveAdmins(t.table, t.tenantId)).toBe(2);
  });
});

describe('concurrent changes of one user without If-Match', () => {
  it('regression: a role change and a deactivation of the same user both land (no 412, no lost update)', async () => {
    const t = await createTestTenant({ prefix: 'u4r', mode: 'invite-only' });
    const tenant = await new TenantRepository(t.table).require(t.tenantId);
    const { user } = await inviteUser(t.table, { tenant, email: 'both@example.com', actor, invite: false, sendEmail: false });
    const outcomes = await Promise.allSettled([
      setTenantRole(t.table, { tenant, email: 'both@example.com', role: 'tenant-admin', actor }),
      setUserActive(t.table, { tenant, email: 'both@example.com', active: false, actor }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled']);
    const stored = await new UserRepository(t.table).get(t.tenantId, user.id);
    expect(stored).toMatchObject({ role: 'tenant-admin', active: false, version: user.version + 2 });
  });
});
