/**
 * The admin API's user listing: offset pagination in a stable order (user id),
 * deactivated users only on request, and an optional case-insensitive
 * substring of the email (TrueFoundry's `query`) or of the name (people search
 * by either when picking someone).
 *
 * Without a search the total is the exact sharded counter (a Query of ten small
 * items) and a page is read from its bookmark (shared/storage/page-bookmarks.ts):
 * `limit` items (a few more while deactivated users are skipped), whatever the
 * offset. A search, a filter (status, role, source) or a sort reads the tenant's
 * users once (none is indexed), which is what makes its total exact.
 */
import type { Table } from '../storage/table.js';
import { keys } from '../storage/keys.js';
import { readPageAt, type KeyedListing } from '../storage/page-bookmarks.js';
import { userFromItem, UserRepository } from './user-repository.js';
import type { TenantRole, User, UserSource } from './user.js';

/** `active`: active with the invite accepted (or none needed); `invite-pending`: active, invite not accepted yet. */
export type UserStatusFilter = 'active' | 'invite-pending' | 'deactivated';
export type UserSort = 'email' | 'name' | 'lastAccess';

export interface ListUsersInput {
  tenantId: string;
  limit: number;
  offset: number;
  query?: string;
  includeInactive: boolean;
  /** Overrides `includeInactive`: the users in exactly this state. */
  status?: UserStatusFilter;
  role?: TenantRole;
  source?: UserSource;
  /** Without it, id order (pages from bookmarks); with it, the whole filtered set is sorted. */
  sort?: UserSort;
  order?: 'asc' | 'desc';
}

const PAGE = 1000;

export async function listUsers(table: Table, input: ListUsersInput): Promise<{ users: User[]; total: number }> {
  const needle = input.query?.trim().toLowerCase() || undefined;
  if (input.sort) return sorted(table, input, needle);
  if (needle || input.status || input.role || input.source) return search(table, input, needle);
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

/**
 * A search or a filter: every user whose email (else userName) or display name contains the needle and who
 * matches the status, role and source asked for, counted exactly. None of these is indexed
 * (a substring cannot be; the others would each need an index kept on every user write), so
 * this reads the tenant's users once, as the total needs anyway.
 */
async function search(table: Table, input: ListUsersInput, needle: string | undefined): Promise<{ users: User[]; total: number }> {
  const wanted = input.offset + input.limit;
  const users: User[] = [];
  let seen = 0;
  let startKey: Record<string, unknown> | undefined;
  const keep = matcher(input, needle);
  do {
    const page = await queryUsers(table, input.tenantId, includesInactive(input), PAGE, startKey);
    for (const item of page.items) {
      const user = userFromItem(item);
      if (!keep(user)) continue;
      if (seen >= input.offset && seen < wanted) users.push(user);
      seen++;
    }
    startKey = page.lastKey;
  } while (startKey);
  return { users, total: seen };
}

/**
 * A sorted listing: the matching users, all read (as a search does), sorted, then the page cut.
 * Sorting by name or last access would need an index per order kept on every user write; the
 * listing reads the tenant once instead, which is what its exact total costs anyway.
 */
async function sorted(table: Table, input: ListUsersInput, needle: string | undefined): Promise<{ users: User[]; total: number }> {
  const keep = matcher(input, needle);
  const all: User[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await queryUsers(table, input.tenantId, includesInactive(input), PAGE, startKey);
    for (const item of page.items) {
      const user = userFromItem(item);
      if (keep(user)) all.push(user);
    }
    startKey = page.lastKey;
  } while (startKey);
  const direction = input.order === 'desc' ? -1 : 1;
  const value = SORT_VALUES[input.sort!];
  // Users without a value (no name, never signed in) come last in either order; ties go by id, so pages are stable.
  all.sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === undefined || vb === undefined) return va === vb ? a.id.localeCompare(b.id) : va === undefined ? 1 : -1;
    return (va < vb ? -1 : va > vb ? 1 : a.id.localeCompare(b.id)) * direction;
  });
  return { users: all.slice(input.offset, input.offset + input.limit), total: all.length };
}

const SORT_VALUES: Record<UserSort, (user: User) => string | undefined> = {
  email: (u) => (u.email ?? u.userName).toLowerCase(),
  name: (u) => u.displayName?.trim().toLowerCase() || undefined,
  lastAccess: (u) => u.lastAccessedAt,
};

const includesInactive = (input: ListUsersInput): boolean => (input.status ? input.status === 'deactivated' : input.includeInactive);

function matcher(input: ListUsersInput, needle: string | undefined): (user: User) => boolean {
  return (user) =>
    (!needle || (user.email ?? user.userName).toLowerCase().includes(needle) || Boolean(user.displayName?.toLowerCase().includes(needle))) &&
    (!input.status || statusOf(user) === input.status) &&
    (!input.role || user.role === input.role) &&
    (!input.source || user.source === input.source);
}

const statusOf = (user: User): UserStatusFilter => (!user.active ? 'deactivated' : user.inviteAccepted ? 'active' : 'invite-pending');

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
