/**
 * Connected: sharded counters (shared/storage/counters.ts) when one transaction
 * counts several changes. Regression: each change took a random shard, so two
 * in one transaction could pick the same one, and DynamoDB refuses two
 * operations on one item: a tenant provisioned with several admins failed at
 * random (three admins: more than a quarter of the time).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addToCounter, readCounter } from '../../shared/storage/counters.js';
import { Table } from '../../shared/storage/table.js';
import { Transaction } from '../../shared/storage/transaction.js';
import { MAX_FIRST_ADMINS, provisionTenant } from '../../shared/tenant-setup/provision-tenant.js';
import { UserRepository } from '../../shared/users/user-repository.js';

const table = new Table();

describe('a transaction counting several changes', () => {
  it('gives each change its own shard, so a tenant is provisioned with ten admins and counts them all', async () => {
    const id = `cnt-${randomUUID().slice(0, 8)}`;
    const admins = Array.from({ length: MAX_FIRST_ADMINS }, (_, i) => ({ email: `admin${i}@${id}.example` }));
    const { adminUserIds } = await provisionTenant(table, { id, displayName: 'Counted', mode: 'invite-only', admins });
    expect(adminUserIds).toHaveLength(MAX_FIRST_ADMINS);
    expect(await new UserRepository(table).counts(id)).toEqual({ total: MAX_FIRST_ADMINS, active: MAX_FIRST_ADMINS });
  });

  it('adds up every delta of one transaction', async () => {
    const tenantId = `cnt-${randomUUID().slice(0, 8)}`;
    const tx = new Transaction(table);
    for (let i = 0; i < 10; i++) addToCounter(tx, tenantId, 'teams', { total: 1, scim: i % 2 });
    await tx.commit();
    expect(await readCounter(table, tenantId, 'teams')).toEqual({ total: 10, scim: 5 });
  });

  it('refuses an eleventh change of one counter in one transaction, before anything is sent', () => {
    const tx = new Transaction(table);
    for (let i = 0; i < 10; i++) addToCounter(tx, 'any', 'users', { total: 1 });
    expect(() => addToCounter(tx, 'any', 'users', { total: 1 })).toThrow('One transaction changes the users counter more than 10 times');
    // Another counter still has all its shards.
    expect(() => addToCounter(tx, 'any', 'teams', { total: 1 })).not.toThrow();
  });

  it('refuses more first admins than one transaction can hold', async () => {
    const admins = Array.from({ length: MAX_FIRST_ADMINS + 1 }, (_, i) => ({ email: `admin${i}@too-many.example` }));
    await expect(provisionTenant(table, { id: `cnt-${randomUUID().slice(0, 8)}`, displayName: 'Too many', mode: 'invite-only', admins })).rejects.toThrow(
      'A tenant is provisioned with at most 10 first admins, not 11',
    );
  });
});
