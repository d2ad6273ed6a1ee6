/**
 * Helpers for the teams, collaborators and PAT suites: people made directly in
 * the table (no mail or Cognito involved), each with a PAT to call the API, and
 * JSON request options for the test gateway.
 */
import { randomUUID } from 'node:crypto';
import type { Table } from '../../shared/storage/table.js';
import { issuePersonalAccessToken } from '../../shared/tokens/personal-access-tokens.js';
import type { TenantRole, User } from '../../shared/users/user.js';
import { createUser } from '../tenants/support.js';

export const API = '/api/svc/v1';

export interface Person {
  user: User;
  email: string;
  token: string;
}

/** A user of the tenant with a PAT; members by default (admins made here do not move the active-admin counter). */
export async function createPerson(table: Table, tenantId: string, options: { email?: string; role?: TenantRole; active?: boolean } = {}): Promise<Person> {
  const email = options.email ?? `p-${randomUUID().slice(0, 8)}@${tenantId}.example`;
  const user = await createUser(table, tenantId, {
    email,
    userName: email,
    emails: [{ value: email, type: 'work', primary: true }],
    displayName: email.split('@')[0],
    active: options.active ?? true,
    role: options.role ?? 'tenant-member',
    source: 'seed',
    hasPassword: false,
  });
  const { token } = await issuePersonalAccessToken(table, { tenantId, userId: user.id, name: 'test-token' });
  return { user, email, token };
}

export const json = (method: string, body: unknown, token?: string): RequestInit & { token?: string } => ({
  method,
  token,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** The parsed JSON body of a response; loosely typed because the assertions are the type check. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const bodyOf = async (res: Response): Promise<any> => res.json();

export { auditEvents } from '../support/audit.js';
