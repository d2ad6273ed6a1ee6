/**
 * A user's tenant role: exactly one of `tenant-admin` and `tenant-member`.
 * Demoting the last active admin is refused by the active-admin counter's
 * condition in the same transaction (`user.last_admin`, 409).
 */
import { recordAudit, type Actor } from '../audit/audit-event.js';
import type { Table } from '../storage/table.js';
import { Transaction } from '../storage/transaction.js';
import type { Tenant } from '../tenants/tenant.js';
import { addLifecycleEffects } from './lifecycle.js';
import { requireUserByEmail } from './user-lookup.js';
import { UserRepository } from './user-repository.js';
import type { TenantRole, User } from './user.js';

export async function setTenantRole(
  table: Table,
  input: { tenant: Tenant; email: string; role: TenantRole; actor: Actor; requestId?: string },
): Promise<{ user: User; changed: boolean }> {
  const before = await requireUserByEmail(table, input.tenant.id, input.email);
  if (before.role === input.role) return { user: before, changed: false };
  const after: User = { ...before, role: input.role, updatedAt: new Date().toISOString() };
  const tx = new Transaction(table);
  new UserRepository(table).update(tx, before, after);
  addLifecycleEffects(tx, input.tenant, before, after);
  recordAudit(tx, {
    tenantId: input.tenant.id,
    actor: input.actor,
    action: 'user.role_changed',
    target: { type: 'user', id: before.id, slug: before.email ?? before.userName },
    requestId: input.requestId,
    changes: { before: { role: before.role }, after: { role: after.role } },
  });
  await tx.commit();
  return { user: { ...after, version: before.version + 1 }, changed: true };
}
