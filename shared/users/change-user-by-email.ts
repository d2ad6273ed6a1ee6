/**
 * The admin API's one-attribute user changes (activation, tenant role): find the
 * user by email, change the attribute, and commit the user, its lifecycle effects
 * (Cognito sync, the active-admin counter's condition) and its audit event in one
 * transaction. No change means no write and no audit. These routes take no
 * If-Match, so a lost version race is re-read and re-applied (then 429), never 412.
 */
import { userState } from '../events/event-state.js';
import { recordAudit, type Actor } from '../audit/audit-event.js';
import { readComputeCommit } from '../storage/lost-race.js';
import type { Table } from '../storage/table.js';
import { Transaction } from '../storage/transaction.js';
import type { Tenant } from '../tenants/tenant.js';
import { addLifecycleEffects } from './lifecycle.js';
import { requireUserByEmail } from './user-lookup.js';
import { UserRepository, UserVersionConflictError } from './user-repository.js';
import type { User } from './user.js';

export interface ChangeUserInput {
  tenant: Tenant;
  email: string;
  actor: Actor;
  requestId?: string;
}

export async function changeUserByEmail<K extends 'active' | 'role'>(
  table: Table,
  input: ChangeUserInput,
  attribute: K,
  value: User[K],
  action: 'user.activated' | 'user.deactivated' | 'user.role_changed',
): Promise<{ user: User; changed: boolean }> {
  return readComputeCommit(
    async () => {
      const before = await requireUserByEmail(table, input.tenant.id, input.email);
      if (before[attribute] === value) return { user: before, changed: false };
      const after: User = { ...before, [attribute]: value, updatedAt: new Date().toISOString() };
      const tx = new Transaction(table);
      new UserRepository(table).update(tx, before, after);
      addLifecycleEffects(tx, input.tenant, before, after);
      recordAudit(tx, {
        tenantId: input.tenant.id,
        actor: input.actor,
        action,
        target: { type: 'user', id: before.id, slug: before.email ?? before.userName },
        requestId: input.requestId,
        changes: { before: { [attribute]: before[attribute] }, after: { [attribute]: value } },
        data: { user: userState(after) },
        sequence: before.version + 1,
      });
      await tx.commit();
      return { user: { ...after, version: before.version + 1 }, changed: true };
    },
    { lostRace: (error) => error instanceof UserVersionConflictError },
  );
}
