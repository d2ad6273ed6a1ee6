/**
 * Deactivating and reactivating a user. Deactivation is immediate: the user item
 * changes (so every PAT and JWT of theirs is refused on the next request, which
 * re-reads it), and Cognito disables the user and signs them out through the
 * identity-sync outbox written in the same transaction. Reactivation restores
 * sign-in; sessions revoked on deactivation stay revoked.
 */
import { recordAudit, type Actor } from '../audit/audit-event.js';
import type { Table } from '../storage/table.js';
import { Transaction } from '../storage/transaction.js';
import type { Tenant } from '../tenants/tenant.js';
import { addLifecycleEffects } from './lifecycle.js';
import { requireUserByEmail } from './user-lookup.js';
import { UserRepository } from './user-repository.js';
import type { User } from './user.js';

/**
 * Sets `active`; a no-op (no write, no audit) when it already has that value.
 * The last active admin cannot be deactivated (`user.last_admin`, 409).
 */
export async function setUserActive(
  table: Table,
  input: { tenant: Tenant; email: string; active: boolean; actor: Actor; requestId?: string },
): Promise<{ user: User; changed: boolean }> {
  const before = await requireUserByEmail(table, input.tenant.id, input.email);
  if (before.active === input.active) return { user: before, changed: false };
  const after: User = { ...before, active: input.active, updatedAt: new Date().toISOString() };
  const tx = new Transaction(table);
  new UserRepository(table).update(tx, before, after);
  addLifecycleEffects(tx, input.tenant, before, after);
  recordAudit(tx, {
    tenantId: input.tenant.id,
    actor: input.actor,
    action: input.active ? 'user.activated' : 'user.deactivated',
    target: { type: 'user', id: before.id, slug: before.email ?? before.userName },
    requestId: input.requestId,
    changes: { before: { active: before.active }, after: { active: after.active } },
  });
  await tx.commit();
  return { user: { ...after, version: before.version + 1 }, changed: true };
}
