/**
 * Team manifests and collaborator grants name people by email. Each email must
 * be the login email of a user of the tenant; unknown ones are all reported in
 * one 400 before anything is written.
 */
import { BadRequestError } from '../errors/app-error.js';
import type { Table } from '../storage/table.js';
import { UserRepository } from '../users/user-repository.js';
import type { User } from '../users/user.js';

/** Parallel lookups per request: enough to hide latency, few enough not to throttle the table. */
const LOOKUP_CONCURRENCY = 16;

export class UnknownEmailsError extends BadRequestError {
  constructor(emails: string[]) {
    const shown = emails.slice(0, 20).join(', ');
    const more = emails.length > 20 ? ` and ${emails.length - 20} more` : '';
    super('user.unknown_emails', `No user of this tenant has the email ${shown}${more}`, {
      details: emails.map((email) => ({ subject: `user:${email}`, email, message: 'no user of this tenant has this email' })),
      scimType: 'invalidValue',
    });
  }
}

/**
 * The users whose login email is each of `emails` (compared case-insensitively),
 * keyed by lower-cased email. Throws {@link UnknownEmailsError} naming every miss.
 */
export async function usersByEmail(table: Table, tenantId: string, emails: readonly string[]): Promise<Map<string, User>> {
  const { found, missing } = await lookUpEmails(table, tenantId, emails);
  if (missing.length) throw new UnknownEmailsError(missing);
  return found;
}

/** Looks every email up; `missing` (sorted, lower-cased) lists those no user has as login email. */
export async function lookUpEmails(table: Table, tenantId: string, emails: readonly string[]): Promise<{ found: Map<string, User>; missing: string[] }> {
  const users = new UserRepository(table);
  const unique = [...new Set(emails.map((e) => e.toLowerCase()))];
  const found = new Map<string, User>();
  const missing: string[] = [];
  await forEachLimited(unique, LOOKUP_CONCURRENCY, async (email) => {
    const user = await users.findByLoginEmail(tenantId, email);
    if (user) found.set(email, user);
    else missing.push(email);
  });
  return { found, missing: missing.sort() };
}

/** Runs `fn` over `items` with at most `limit` calls in flight. */
export async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
