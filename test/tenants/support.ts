/**
 * Helpers of the tenant and sign-in tests: a member credential, the tenant's
 * audit trail, and whether a SCIM token is accepted right now.
 */
import { randomUUID } from 'node:crypto';
import { authenticate } from '../support/authenticate.js';
import { isAppError } from '../../shared/errors/app-error.js';
import type { Table } from '../../shared/storage/table.js';
import { Transaction } from '../../shared/storage/transaction.js';
import { issuePersonalAccessToken } from '../../shared/tokens/personal-access-tokens.js';
import { UserRepository } from '../../shared/users/user-repository.js';
import type { User } from '../../shared/users/user.js';

/** Creates an active user directly in the table (no API), returning it. */
export async function createUser(table: Table, tenantId: string, overrides: Partial<User> = {}): Promise<User> {
  const email = overrides.email ?? `${randomUUID().slice(0, 8)}@${tenantId}.example`;
  const now = new Date().toISOString();
  const user: User = {
    tenantId,
    id: randomUUID(),
    userName: email,
    email,
    emails: [{ value: email, type: 'work', primary: true }],
    active: true,
    role: 'tenant-member',
    source: 'invite',
    inviteAccepted: true,
    hasPassword: true,
    createdAt: now,
    updatedAt: now,
    version: 1,
    ...overrides,
  };
  const tx = new Transaction(table);
  new UserRepository(table).create(tx, user);
  await tx.commit();
  return user;
}

/** A member and their PAT. */
export async function createMember(table: Table, tenantId: string): Promise<{ user: User; token: string }> {
  const user = await createUser(table, tenantId);
  const { token } = await issuePersonalAccessToken(table, { tenantId, userId: user.id, name: 'member' });
  return { user, token };
}

export { auditEvents } from '../support/audit.js';

/** Whether the SCIM auth accepts `token` for `tenantId` now: 'ok', or the refusal's status. */
export async function scimAuth(table: Table, tenantId: string, token: string): Promise<'ok' | number> {
  try {
    await authenticate(table, 'scim', { headers: { authorization: `Bearer ${token}` }, pathParameters: { tenantId } });
    return 'ok';
  } catch (error) {
    if (isAppError(error)) return error.status;
    throw error;
  }
}
