/**
 * Connected: a user whose userName and login email are one string has one
 * uniqueness marker holding both claims. Both stay unique against every other
 * shape (two markers, a userName alone, an email alone), in races too; users
 * written with two markers keep working, and every change releases exactly the
 * markers that exist.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createScimUser, patchScimUser } from '../../shared/scim/users/scim-user-writes.js';
import { parsePatchRequest } from '../../shared/scim/patch/patch-request.js';
import type { ScimContext } from '../../shared/scim/scim-context.js';
import { keys } from '../../shared/storage/keys.js';
import { TenantRepository } from '../../shared/tenants/tenant-repository.js';
import { deleteUser } from '../../shared/removal/delete-user.js';
import { userItem, UserRepository } from '../../shared/users/user-repository.js';
import type { User } from '../../shared/users/user.js';
import { countRequests } from './request-counter.js';
import { createTestTenant } from '../support/tenants.js';

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
let ctx: ScimContext;
let tenantId: string;

beforeAll(async () => {
  const t = await createTestTenant({ prefix: 'idmark' });
  tenantId = t.tenantId;
  ctx = { table: t.table, tenant: (await new TenantRepository(t.table).get(t.tenantId))!, actor: { type: 'scim', id: 'scim-token:test' } };
});

const ops = (operations: unknown[]) => parsePatchRequest({ schemas: [PATCH], Operations: operations });
const withEmail = (userName: string, email = userName) => ({ userName, emails: [{ value: email, primary: true }] });
const markers = async (value: string) => ({
  userName: await ctx.table.get(keys.uniqueUserName(tenantId, value)),
  email: await ctx.table.get(keys.uniqueEmail(tenantId, value)),
});
const refused = (write: Promise<unknown>, code: string) => expect(write).rejects.toMatchObject({ code });

/** A user as the previous version stored it: the user item and two markers, userName and email. */
async function oldShapedUser(value: string): Promise<User> {
  const now = new Date().toISOString();
  const user: User = {
    tenantId,
    id: `old-${value}`,
    userName: value,
    email: value,
    emails: [{ value, primary: true }],
    active: true,
    role: 'tenant-member',
    source: 'scim',
    inviteAccepted: true,
    hasPassword: false,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const marker = { entity: 'unique', userId: user.id };
  await ctx.table.client.send(
    new TransactWriteCommand({
      TransactItems: [userItem(user), { ...keys.uniqueUserName(tenantId, value), ...marker }, { ...keys.uniqueEmail(tenantId, value), ...marker }].map(
        (Item) => ({ Put: { TableName: ctx.table.name, Item } }),
      ),
    }),
  );
  return user;
}

describe('one marker for a userName that is the login email', () => {
  it('creates the user with one marker holding both claims: five items written, one checked', async () => {
    const { result: user, requests } = await countRequests(() => createScimUser(ctx, { ...withEmail('one@idmark.example'), externalId: 'ext-one' }));
    const tx = requests.find((r) => r.command === 'TransactWriteCommand')!;
    // user, userName marker (holding the email), externalId marker, counter shard, audit event; and the check that no email marker holds it.
    expect((tx.input.TransactItems as unknown[]).length).toBe(6);
    expect((tx.input.TransactItems as Array<Record<string, unknown>>).filter((i) => 'Put' in i || 'Update' in i)).toHaveLength(5);
    expect(await markers('one@idmark.example')).toEqual({
      userName: { ...keys.uniqueUserName(tenantId, 'one@idmark.example'), entity: 'unique', userId: user.id, holdsEmail: true },
      email: undefined,
    });
  });

  it('keeps the email unique against a user who claims it alone, and the userName against one who claims it alone', async () => {
    await createScimUser(ctx, withEmail('both@idmark.example'));
    await refused(createScimUser(ctx, withEmail('other@idmark.example', 'BOTH@idmark.example')), 'user.email_taken');
    await refused(createScimUser(ctx, withEmail('both@idmark.example', 'else@idmark.example')), 'user.username_taken');
    expect(await markers('other@idmark.example')).toEqual({ userName: undefined, email: undefined });
    expect((await markers('else@idmark.example')).email).toBeUndefined();
  });

  it('refuses the shared shape when another user holds the email by a marker of its own', async () => {
    await createScimUser(ctx, withEmail('holder@idmark.example', 'taken@idmark.example'));
    await refused(createScimUser(ctx, withEmail('taken@idmark.example')), 'user.email_taken');
    expect((await markers('taken@idmark.example')).userName).toBeUndefined();
  });

  it('moves the email claim to its own marker when the userName changes, and frees the old userName', async () => {
    const user = await createScimUser(ctx, withEmail('mover@idmark.example'));
    await patchScimUser(ctx, user.id, ops([{ op: 'replace', path: 'userName', value: 'moved' }]), undefined);
    expect(await markers('mover@idmark.example')).toEqual({
      userName: undefined,
      email: { ...keys.uniqueEmail(tenantId, 'mover@idmark.example'), entity: 'unique', userId: user.id },
    });
    await refused(createScimUser(ctx, withEmail('x1@idmark.example', 'mover@idmark.example')), 'user.email_taken');
    const reuse = await createScimUser(ctx, withEmail('mover@idmark.example', 'x2@idmark.example'));
    expect(reuse.userName).toBe('mover@idmark.example');
  });

  it('lets the userName marker drop the email claim when the email changes, and frees the old email', async () => {
    const user = await createScimUser(ctx, withEmail('keeper@idmark.example'));
    await patchScimUser(ctx, user.id, ops([{ op: 'replace', path: 'emails', value: [{ value: 'new-keeper@idmark.example', primary: true }] }]), undefined);
    expect((await markers('keeper@idmark.example')).userName).toEqual({
      ...keys.uniqueUserName(tenantId, 'keeper@idmark.example'),
      entity: 'unique',
      userId: user.id,
    });
    expect((await markers('new-keeper@idmark.example')).email).toMatchObject({ userId: user.id });
    const reuse = await createScimUser(ctx, withEmail('y1@idmark.example', 'keeper@idmark.example'));
    expect(reuse.email).toBe('keeper@idmark.example');
    await refused(createScimUser(ctx, withEmail('keeper@idmark.example', 'y2@idmark.example')), 'user.username_taken');
  });

  it('leaves no marker behind when a user with one shared marker is deleted', async () => {
    const user = await createScimUser(ctx, withEmail('gone@idmark.example'));
    await deleteUser(ctx.table, { tenant: ctx.tenant, userId: user.id, force: true, actor: ctx.actor });
    expect(await markers('gone@idmark.example')).toEqual({ userName: undefined, email: undefined });
    await createScimUser(ctx, withEmail('gone@idmark.example'));
  });
});

describe('users written with two markers', () => {
  it('still block both values, and a rename releases the userName marker only', async () => {
    const old = await oldShapedUser('twin@idmark.example');
    await refused(createScimUser(ctx, withEmail('twin@idmark.example')), 'user.username_taken');
    await refused(createScimUser(ctx, withEmail('z1@idmark.example', 'twin@idmark.example')), 'user.email_taken');
    await patchScimUser(ctx, old.id, ops([{ op: 'replace', path: 'userName', value: 'twin-renamed' }]), undefined);
    expect(await markers('twin@idmark.example')).toEqual({
      userName: undefined,
      email: { ...keys.uniqueEmail(tenantId, 'twin@idmark.example'), entity: 'unique', userId: old.id },
    });
    await refused(createScimUser(ctx, withEmail('z2@idmark.example', 'twin@idmark.example')), 'user.email_taken');
  });

  it('release both markers on deletion, and an email change releases the email marker only', async () => {
    const a = await oldShapedUser('pair-a@idmark.example');
    await patchScimUser(ctx, a.id, ops([{ op: 'replace', path: 'emails', value: [{ value: 'pair-a2@idmark.example', primary: true }] }]), undefined);
    expect(await markers('pair-a@idmark.example')).toEqual({
      userName: { ...keys.uniqueUserName(tenantId, 'pair-a@idmark.example'), entity: 'unique', userId: a.id },
      email: undefined,
    });
    const b = await oldShapedUser('pair-b@idmark.example');
    await deleteUser(ctx.table, { tenant: ctx.tenant, userId: b.id, force: true, actor: ctx.actor });
    expect(await markers('pair-b@idmark.example')).toEqual({ userName: undefined, email: undefined });
  });
});

describe('races on one string', () => {
  it('makes exactly one user of 8 parallel creates, four claiming it as userName and email, four as email alone', async () => {
    const value = 'race@idmark.example';
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => createScimUser(ctx, i % 2 ? withEmail(value) : withEmail(`race-${i}@idmark.example`, value))),
    );
    const created = results.filter((r) => r.status === 'fulfilled');
    expect(created).toHaveLength(1);
    for (const r of results.filter((x) => x.status === 'rejected')) {
      expect(['user.username_taken', 'user.email_taken']).toContain((r as PromiseRejectedResult).reason.code);
    }
    const found = await new UserRepository(ctx.table).findByAnyEmail(tenantId, value);
    expect(found.map((u) => u.id)).toEqual([(created[0] as PromiseFulfilledResult<User>).value.id]);
  });

  it('makes exactly one user of 8 parallel creates of one userName that is the email', async () => {
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => createScimUser(ctx, withEmail('same@idmark.example'))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await new UserRepository(ctx.table).findByAnyEmail(tenantId, 'same@idmark.example')).toHaveLength(1);
  });
});

describe('a value whose decomposed form would not fit a DynamoDB key', () => {
  /** Every partition key value a request names: DynamoDB refuses one over 2048 bytes, where DynamoDB Local does not. */
  const partitionKeys = (input: unknown): string[] => {
    if (Array.isArray(input)) return input.flatMap(partitionKeys);
    if (input === null || typeof input !== 'object') return [];
    return Object.entries(input).flatMap(([name, value]) =>
      typeof value === 'string' ? (/^(PK|GSI\dPK|:pk|:v)$/.test(name) ? [value] : []) : partitionKeys(value),
    );
  };

  it('creates, finds and refuses a duplicate of a 250-syllable Hangul userName without naming a key DynamoDB refuses', async () => {
    // NFC: 3 bytes a syllable; NFD: three jamo of 3 bytes each, so 2,250 bytes for the decomposed form alone.
    const userName = '한'.repeat(250);
    const { result, requests } = await countRequests(async () => {
      const user = await createScimUser(ctx, { userName });
      const users = new UserRepository(ctx.table);
      return {
        user,
        found: await users.findByUserName(tenantId, userName),
        byEmail: await users.findByAnyEmail(tenantId, userName),
        duplicate: await createScimUser(ctx, { userName: userName.normalize('NFD') }).catch((error: unknown) => error),
      };
    });
    expect(result.found?.id).toBe(result.user.id);
    expect(result.byEmail).toEqual([]);
    expect(result.duplicate).toMatchObject({ code: 'user.username_taken' });
    const named = requests.flatMap((r) => partitionKeys(r.input));
    expect(named.length).toBeGreaterThan(0);
    expect(Math.max(...named.map((k) => Buffer.byteLength(k, 'utf8')))).toBeLessThanOrEqual(2048);
  });
});
