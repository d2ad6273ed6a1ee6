/**
 * The user a `/users/{id}` read route acts on, in the caller's tenant; 404 when
 * absent. When the id is the caller's own, the answer is the record
 * authentication read, strongly consistent, at the start of this same request
 * (one GetItem fewer). Only then: the ids match exactly, the record is
 * of the caller's own tenant, and the principal says authentication read it in
 * this request; a principal made anywhere else gets a fresh read. Routes that
 * write read their target themselves, conditioned on what they read.
 */
import type { Table } from '../storage/table.js';
import { requireUserById } from '../users/user-lookup.js';
import type { User } from '../users/user.js';
import type { UserPrincipal } from './principal.js';

export async function requireTargetUser(table: Table, caller: UserPrincipal, userId: string): Promise<User> {
  const own = caller.userReadConsistently === true && caller.user.id === userId && caller.user.tenantId === caller.tenant.id;
  return own ? caller.user : requireUserById(table, caller.tenant.id, userId);
}
