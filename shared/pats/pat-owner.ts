/**
 * Whose tokens a request is about. Members manage their own tokens only; tenant
 * admins may name any user of the tenant by id or login email. A member naming
 * someone else gets a 403 without learning whether that user exists.
 */
import type { UserPrincipal } from '../caller/principal.js';
import { BadRequestError, ForbiddenError, NotFoundError } from '../errors/app-error.js';
import type { Table } from '../storage/table.js';
import { UserRepository } from '../users/user-repository.js';
import { isAdmin, type User } from '../users/user.js';

export async function patOwner(table: Table, principal: UserPrincipal, target: { userId?: string; email?: string }): Promise<User> {
  const { userId, email } = target;
  if (userId !== undefined && email !== undefined) {
    throw new BadRequestError('request.invalid', 'Give either userId or email, not both', { scimType: 'invalidValue' });
  }
  const self = principal.user;
  const named = userId ?? email;
  if (named === undefined || userId === self.id || (email !== undefined && email.toLowerCase() === self.email?.toLowerCase())) return self;
  if (!isAdmin(self)) {
    throw new ForbiddenError('pat.admin_required', "Only tenant admins may manage other users' personal access tokens");
  }
  const users = new UserRepository(table);
  const user = userId !== undefined ? await users.get(principal.tenant.id, userId) : await users.findByLoginEmail(principal.tenant.id, email!);
  if (!user) throw new NotFoundError('user.not_found', `User ${named} not found`);
  return user;
}
