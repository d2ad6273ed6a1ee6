/**
 * The admin API's user listing: offset pagination in a stable order (user id),
 * deactivated users only on request, and an optional case-insensitive email
 * substring. Without a search the total is the exact sharded counter (a Query of
 * ten small items) and only the pages up to `offset + limit` are read. A search
 * reads the tenant's users once (a substring cannot be indexed), which is what
 * makes its total exact.
 */
import type { Table } from '../storage/table.js';
import { keys } from '../storage/keys.js';
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
  const matches = (u: User) => !needle || (u.email ?? u.userName).toLowerCase().includes(needle);
  const counted = needle ? undefined : new UserRepository(table).counts(input.tenantId);
  // Awaited after the pages; never left rejected and unobserved if a page read fails first.
  counted?.catch(() => undefined);
  const wanted = input.offset + input.limit;
  const users: User[] = [];
  let seen = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.query({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ...(input.includeInactive ? {} : { FilterExpression: 'active = :true' }),
      ExpressionAttributeValues: {
        ':pk': keys.tenantPartition(input.tenantId),
        ':prefix': keys.userPrefix,
        ...(input.includeInactive ? {} : { ':true': true }),
      },
      Limit: PAGE,
      ExclusiveStartKey: startKey,
    });
    for (const item of page.items) {
      const user = userFromItem(item);
      if (!matches(user)) continue;
      if (seen >= input.offset && seen < wanted) users.push(user);
      seen++;
    }
    startKey = page.lastKey;
  } while (startKey && (needle || seen < wanted));
  if (needle) return { users, total: seen };
  const counts = await counted!;
  return { users, total: input.includeInactive ? counts.total : counts.active };
}
