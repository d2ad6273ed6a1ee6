/**
 * Deactivating and reactivating a user. Deactivation is immediate: the user item
 * changes (so every PAT and JWT of theirs is refused on the next request, which
 * re-reads it), and Cognito disables the user and signs them out through the
 * identity-sync outbox written in the same transaction. Reactivation restores
 * sign-in; sessions revoked on deactivation stay revoked.
 */
import type { Table } from '../storage/table.js';
import { changeUserByEmail, type ChangeUserInput } from './change-user-by-email.js';
import type { User } from './user.js';

/**
 * Sets `active`; a no-op (no write, no audit) when it already has that value.
 * The last active admin cannot be deactivated (`user.last_admin`, 409).
 */
export async function setUserActive(table: Table, input: ChangeUserInput & { active: boolean }): Promise<{ user: User; changed: boolean }> {
  return changeUserByEmail(table, input, 'active', input.active, input.active ? 'user.activated' : 'user.deactivated');
}
