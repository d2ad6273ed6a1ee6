/**
 * The common half of accepting an invite and resetting a password: find who the
 * token was issued for, then spend the token and write the user's change with its
 * audit event in one transaction, so a token is never spent without its effect
 * nor the effect made twice.
 */
import { recordAudit } from '../audit/audit-event.js';
import type { Table } from '../storage/table.js';
import { Transaction } from '../storage/transaction.js';
import { TenantRepository } from '../tenants/tenant-repository.js';
import type { Tenant } from '../tenants/tenant.js';
import { addRedemption, type ActionRecord } from './action-record.js';
import { unusableToken } from './action-token.js';
import { UserRepository } from './user-repository.js';
import type { User } from './user.js';

/** The user and tenant of a token; a token whose user or tenant is gone is an invalid one (400). */
export async function subjectOf(table: Table, record: ActionRecord): Promise<{ user: User; tenant: Tenant }> {
  const [user, tenant] = await Promise.all([
    new UserRepository(table).get(record.tenantId, record.userId),
    new TenantRepository(table).get(record.tenantId),
  ]);
  if (!user || !tenant) throw unusableToken(record.kind, 'invalid');
  return { user, tenant };
}

/** Spends the token and replaces `before` by `after`, audited as the user's own action. */
export async function commitRedemption(
  table: Table,
  record: ActionRecord,
  before: User,
  after: User,
  audit: { action: string; requestId?: string; details?: Record<string, unknown> },
): Promise<User> {
  const self = { type: 'user' as const, id: before.id, slug: before.email ?? before.userName };
  const tx = new Transaction(table);
  addRedemption(tx, record);
  new UserRepository(table).update(tx, before, after);
  recordAudit(tx, { tenantId: before.tenantId, actor: self, target: { ...self }, ...audit });
  await tx.commit();
  return { ...after, version: before.version + 1 };
}
