/**
 * The last-active-admin guard. A tenant keeps one non-sharded counter of its
 * active admins (`keys.activeAdmins`); every change that takes an active admin
 * away decrements it under the condition `activeAdmins > 1`, in the same
 * transaction as the change. Two admins demoting each other at once cannot both
 * succeed, which a read-then-write check would allow.
 *
 * The counter is its own item rather than a field of the tenant item because
 * tenant settings are replaced whole under their version: a settings update
 * would otherwise overwrite a concurrent count.
 */
import { ConflictError } from '../errors/app-error.js';
import { keys } from '../storage/keys.js';
import type { Table } from '../storage/table.js';
import type { Transaction } from '../storage/transaction.js';
import { isAdmin, type User } from './user.js';

export class LastAdminError extends ConflictError {
  constructor() {
    super(
      'user.last_admin',
      'This is the last active tenant admin: promote another user to tenant-admin first; the last admin cannot be demoted, deactivated or deleted',
    );
  }
}

export const countsAsActiveAdmin = (user: Pick<User, 'role' | 'active'> | undefined): boolean => user !== undefined && user.active && isAdmin(user);

export function activeAdminsItem(tenantId: string, count: number) {
  return { ...keys.activeAdmins(tenantId), entity: 'adminCounter', activeAdmins: count };
}

/** Adds the counter change implied by `before` → `after` (undefined: absent) to the transaction. */
export function addActiveAdminChange(tx: Transaction, tenantId: string, before: User | undefined, after: User | undefined): void {
  const was = countsAsActiveAdmin(before);
  const is = countsAsActiveAdmin(after);
  if (was === is) return;
  if (is) {
    tx.update(keys.activeAdmins(tenantId), 'ADD activeAdmins :one SET entity = :entity', {
      values: { ':one': 1, ':entity': 'adminCounter' },
    });
    return;
  }
  tx.update(keys.activeAdmins(tenantId), 'ADD activeAdmins :minus', {
    condition: 'activeAdmins > :one',
    values: { ':minus': -1, ':one': 1 },
    onConditionFailed: () => new LastAdminError(),
  });
}

/** The current count (for an early, friendly refusal before a multi-step change; the condition still decides). */
export async function readActiveAdmins(table: Table, tenantId: string): Promise<number> {
  const item = await table.get<{ activeAdmins?: number }>(keys.activeAdmins(tenantId));
  return item?.activeAdmins ?? 0;
}
