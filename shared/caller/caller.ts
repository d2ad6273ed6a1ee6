/** The user behind a `user` or `admin` route's request; the kit has authenticated them already. */
import type { Principal, UserPrincipal } from './principal.js';
import { UnauthorizedError } from '../errors/app-error.js';

export function callerOf(principal: Principal): UserPrincipal {
  if (principal.kind !== 'user') throw new UnauthorizedError('auth.user_required', 'This route needs a user credential (PAT or JWT)');
  return principal;
}
