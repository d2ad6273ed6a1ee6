/** Connected: the user repository's markers and transactions against DynamoDB Local. */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { Table } from '../../shared/storage/table.js';
import { Transaction } from '../../shared/storage/transaction.js';
import { keys } from '../../shared/storage/keys.js';
import { UserRepository, UserVersionConflictError } from '../../shared/users/user-repository.js';
import type { User } from '../../shared/users/user.js';
import { UniquenessError } from '../../shared/errors/app-error.js';

const tenantId = `repo-${randomUUID().slice(0, 8)}`;
let table: Table;
let users: UserRepository;

function newUser(overrides: Partial<User> = {}): User {
  const id = randomUUID();
  const email = overrides.email ?? `${id.slice(0, 8)}@example.com`;
  const now = new Date().toISOString();
  return {
    tenantId,
    id,
    userName: email,
    email,
    emails: [{ value: email, type: 'work', primary: true }],
    active: true,
    role: 'tenant-member',
    source: 'scim',
    inviteAccepted: true,
    hasPassword: false,
    createdAt: now,
    updatedAt: now,
    version: 1,
    ...overrides,
  };
}

async function create(user: User) {
  const tx = new Transaction(table);
  users.create(tx, user);
  await tx.commit();
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

beforeAll(() => {
  table = new Table();
  users = new UserRepository(table);
});

describe('UserRepository', () => {
  it('finds a user by id, userName (any case), externalId and every email', async () => {
    const user = newUser({
      userName: 'Ada.Lovelace@Example.com',
      email: 'ada@example.com',
      externalId: 'ext-ada',
      emails: [
        { value: 'ada@example.com', type: 'work', primary: true },
        { value: 'Ada.Home@Example.org', type: 'home' },
      ],
    });
    await create(user);
    expect(await users.get(tenantId, user.id)).toEqual(user);
    expect((await users.findByUserName(tenantId, 'ada.lovelace@example.COM'))?.id).toBe(user.id);
    expect((await users.findByExternalId(tenantId, 'ext-ada'))?.id).toBe(user.id);
    expect((await users.findByAnyEmail(tenantId, 'ADA@example.com')).map((u) => u.id)).toEqual([user.id]);
    expect((await users.findByAnyEmail(tenantId, 'ada.home@example.org')).map((u) => u.id)).toEqual([user.id]);
    expect(await users.findByLoginEmail(tenantId, 'ada.home@example.org')).toBeUndefined();
    expect(await users.findByExternalId(tenantId, 'EXT-ADA')).toBeUndefined();
  });

  it('surfaces a userName clash in a transaction as a uniqueness error and writes nothing', async () => {
    const first = newUser({ userName: 'grace' });
    await create(first);
    const clash = newUser({ userName: 'GRACE', externalId: 'ext-clash' });
    const error = await caught(create(clash));
    expect(error).toBeInstanceOf(UniquenessError);
    expect(error).toMatchObject({ status: 409, code: 'user.username_taken', scimType: 'uniqueness' });
    expect(await users.get(tenantId, clash.id)).toBeUndefined();
    expect(await table.get(keys.uniqueEmail(tenantId, clash.email!))).toBeUndefined();
    expect(await table.get(keys.uniqueUserExternalId(tenantId, 'ext-clash'))).toBeUndefined();
  });

  it('refuses a second user with the same login email, whatever its case', async () => {
    await create(newUser({ email: 'same@example.com' }));
    const error = await caught(create(newUser({ userName: 'someone-else', email: 'SAME@example.com' })));
    expect(error).toMatchObject({ code: 'user.email_taken' });
  });

  it('moves markers with a renamed userName and guards updates by version', async () => {
    const user = newUser({ userName: 'before-rename' });
    await create(user);
    const tx = new Transaction(table);
    users.update(tx, user, { ...user, userName: 'after-rename' });
    await tx.commit();
    const stored = await users.get(tenantId, user.id);
    expect(stored).toMatchObject({ userName: 'after-rename', version: 2 });
    expect(await users.findByUserName(tenantId, 'before-rename')).toBeUndefined();
    await create(newUser({ userName: 'before-rename' }));

    const stale = new Transaction(table);
    users.update(stale, user, { ...user, displayName: 'lost update' });
    expect(await caught(stale.commit())).toBeInstanceOf(UserVersionConflictError);
    expect((await users.get(tenantId, user.id))?.displayName).toBeUndefined();
  });

  it('keeps exact totals through creates, deactivation and deletes', async () => {
    const countsTenant = `cnt-${randomUUID().slice(0, 8)}`;
    const made = Array.from({ length: 7 }, () => ({ ...newUser(), tenantId: countsTenant }));
    await Promise.all(made.map(create));
    const tx = new Transaction(table);
    users.update(tx, made[0]!, { ...made[0]!, active: false });
    await tx.commit();
    const del = new Transaction(table);
    users.delete(del, made[1]!);
    await del.commit();
    expect(await users.counts(countsTenant)).toEqual({ total: 6, active: 5 });
    expect(await table.get(keys.uniqueUserName(countsTenant, made[1]!.userName))).toBeUndefined();
  });

  it('regression: deleting a user removes its federated sign-in identity marker', async () => {
    const user = newUser({ federatedId: 'Okta_00u1abcd' });
    await create(user);
    await table.put({ Item: { ...keys.federatedIdentity(tenantId, 'Okta_00u1abcd'), entity: 'federatedIdentity', userId: user.id } });
    const tx = new Transaction(table);
    users.delete(tx, user);
    await tx.commit();
    expect(await table.get(keys.federatedIdentity(tenantId, 'Okta_00u1abcd'))).toBeUndefined();
  });
});
