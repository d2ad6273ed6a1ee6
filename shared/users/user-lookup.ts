/** Finding the user an admin request names by login email: case-insensitive, 404 when absent. */
import { NotFoundError } from '../errors/app-error.js';
import type { Table } from '../storage/table.js';
import { UserRepository } from './user-repository.js';
import type { User } from './user.js';

export async function requireUserByEmail(table: Table, tenantId: string, email: string): Promise<User> {
  const user = await new UserRepository(table).findByLoginEmail(tenantId, email.trim());
  if (!user) throw new NotFoundError('user.not_found', `No user with email ${email} in this tenant`);
  return user;
}

export async function requireUserById(table: Table, tenantId: string, userId: string): Promise<User> {
  const user = await new UserRepository(table).get(tenantId, userId);
  if (!user) throw new NotFoundError('user.not_found', `User ${userId} not found`);
  return user;
}
