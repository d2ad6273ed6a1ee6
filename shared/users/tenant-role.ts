/**
 * A user's tenant role: exactly one of `tenant-admin` and `tenant-member`.
 * Demoting the last active admin is refused by the active-admin counter's
 * condition in the same transaction (`user.last_admin`, 409).
 */
import type { Table } from '../storage/table.js';
import { changeUserByEmail, type ChangeUserInput } from './change-user-by-email.js';
import type { TenantRole, User } from './user.js';

export async function setTenantRole(table: Table, input: ChangeUserInput & { role: TenantRole }): Promise<{ user: User; changed: boolean }> {
  return changeUserByEmail(table, input, 'role', input.role, 'user.role_changed');
}
