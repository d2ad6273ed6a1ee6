/**
 * The admin API's user listing: offset pagination in a stable order (user id),
 * deactivated users only on request, and an optional case-insensitive email
 * substring.
 *
 * Without a search the total is the exact sharded counter (a Query of ten small
 * items) and a page is read from its bookmark (shared/storage/page-bookmarks.ts):
 * `limit` items (a few more while deactivated users are skipped), whatever the
 * offset. A search reads the tenant's users once (a substring cannot be indexed),
 * which is what makes its total exact.
 */
import type { Table } from '../storage/table.js';
import { keys } from '../storage/keys.js';
import { readPageAt, type KeyedListing } from '../storage/page-bookmarks.js';
import { userFromItem, UserRepository } from './user-repository.js';
import type { User } from './user.js';

export interface ListUsersInput {
  tenantId: string;
  limit: number;
  offset: number;
  query?: string;
  includeInactive: boolean;
}

const PAGE = 1000;

export async function listUsers(table: Table, input: ListUsersInput): Promise<{ users: User[]; total: number }> {
  const needle = input.query?.trim().toLowerCase() || undefined;
  if (needle) return search(table, input, needle);
  const counts = () => new UserRepository(table).counts(input.tenantId).then((c) => (input.includeInactive ? c.total : c.active));
  const { items, total } = await readPageAt(userListing(table, input.tenantId, input.includeInactive), input.offset, input.limit, counts);
  return { users: items, total };
}

/**
 * The tenant's users in id order, deactivated ones dropped by the Query's filter
 * unless included. DynamoDB applies `Limit` before the filter, so a filtered page
 * reads a quarter more than it needs: one Query is then almost always enough.
 */
function userListing(table: Table, tenantId: string, includeInactive: boolean): KeyedListing<User> {
  return {
    table,
    tenantId,
    shape: includeInactive ? 'admin:users:all' : 'admin:users:active',
    async page(limit, startKey) {
      const page = await queryUsers(table, tenantId, includeInactive, includeInactive ? limit : Math.min(PAGE, limit + Math.ceil(limit / 4)), startKey);
      return { items: page.items.map(userFromItem), lastKey: page.lastKey };
    },
    keyOf: (u) => keys.user(tenantId, u.id),
  };
}

/** A search: every user whose email (else userName) contains the needle, counted exactly. */
async function search(table: Table, input: ListUsersInput, needle: string): Promise<{ users: User[]; total: number }> {
  const wanted = input.offset + input.limit;
  const users: User[] = [];
  let seen = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await queryUsers(table, input.tenantId, input.includeInactive, PAGE, startKey);
    for (const item of page.items) {
      const user = userFromItem(item);
      if (!(user.email ?? user.userName).toLowerCase().includes(needle)) continue;
      if (seen >= input.offset && seen < wanted) users.push(user);
      seen++;
    }
    startKey = page.lastKey;
  } while (startKey);
  return { users, total: seen };
}

const queryUsers = (table: Table, tenantId: string, includeInactive: boolean, limit: number, startKey?: Record<string, unknown>) =>
  table.query({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ...(includeInactive ? {} : { FilterExpression: 'active = :true' }),
    ExpressionAttributeValues: {
      ':pk': keys.tenantPartition(tenantId),
      ':prefix': keys.userPrefix,
      ...(includeInactive ? {} : { ':true': true }),
    },
    Limit: limit,
    ExclusiveStartKey: startKey,
  });
