/** Offline tests of the lifecycle effects: which Cognito actions and counter changes a state change implies. */
import { describe, expect, it } from 'vitest';
import type { Table } from '../../shared/storage/table.js';
import { Transaction } from '../../shared/storage/transaction.js';
import type { Tenant } from '../../shared/tenants/tenant.js';
import { addLifecycleEffects, identityActionsOf } from '../../shared/users/lifecycle.js';
import type { User } from '../../shared/users/user.js';

const fakeTable = { name: 'offline' } as Table;
const tenant = { id: 't-1', userPoolId: 'pool-1' } as Tenant;
const member: User = {
  tenantId: 't-1',
  id: 'u-1',
  userName: 'a@example.com',
  email: 'a@example.com',
  emails: [],
  active: true,
  role: 'tenant-member',
  source: 'invite',
  inviteAccepted: true,
  hasPassword: true,
  cognitoUsername: 'a@example.com',
  createdAt: '',
  updatedAt: '',
  version: 1,
};
const admin: User = { ...member, role: 'tenant-admin' };

describe('identityActionsOf', () => {
  it.each([
    ['deactivation', member, { ...member, active: false }, ['disable', 'signOut']],
    ['activation', { ...member, active: false }, member, ['enable']],
    ['deletion', member, undefined, ['delete']],
    ['creation', undefined, member, ['create']],
    ['creation of an inactive user', undefined, { ...member, active: false }, ['create', 'disable']],
    ['a change of name only', member, { ...member, displayName: 'A' }, []],
  ] as const)('%s', (_name, before, after, actions) => {
    expect(identityActionsOf(before, after)).toEqual(actions);
  });
});

describe('addLifecycleEffects', () => {
  const effects = (t: Tenant, before: User | undefined, after: User | undefined) => {
    const tx = new Transaction(fakeTable);
    const requests = addLifecycleEffects(tx, t, before, after);
    return { items: tx.size, actions: requests.map((r) => r.actions) };
  };

  it('adds the identity sync for a user with a Cognito name in a tenant with a pool', () => {
    expect(effects(tenant, member, { ...member, active: false })).toEqual({ items: 1, actions: [['disable', 'signOut']] });
  });

  it('adds nothing for Cognito without a Cognito name or a pool', () => {
    expect(effects(tenant, { ...member, cognitoUsername: undefined }, { ...member, cognitoUsername: undefined, active: false })).toEqual({
      items: 0,
      actions: [],
    });
    expect(effects({ ...tenant, userPoolId: undefined }, member, { ...member, active: false })).toEqual({ items: 0, actions: [] });
  });

  it('moves the active-admin counter whenever an active admin appears or goes', () => {
    expect(effects(tenant, admin, { ...admin, active: false }).items).toBe(2);
    expect(effects(tenant, admin, { ...admin, role: 'tenant-member' }).items).toBe(1);
    expect(effects(tenant, member, { ...member, role: 'tenant-admin' }).items).toBe(1);
    expect(effects(tenant, { ...admin, active: false }, { ...admin, active: false, role: 'tenant-member' }).items).toBe(0);
  });

  it('replaces the Cognito identity when the Cognito name changes', () => {
    expect(effects(tenant, member, { ...member, cognitoUsername: 'b@example.com' }).actions).toEqual([['delete'], ['create']]);
  });
});
