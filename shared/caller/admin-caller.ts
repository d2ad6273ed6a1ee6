/**
 * The tenant and audit actor of a request to an `admin` route. The kit has
 * already refused anyone but an active tenant admin; this narrows the type and
 * keeps the tenant coming from the credential, never from the request.
 */
import { actorOf, type Principal } from './principal.js';
import type { Actor } from '../audit/audit-event.js';
import { UnauthorizedError } from '../errors/app-error.js';
import type { Tenant } from '../tenants/tenant.js';

export function adminCallerOf(principal: Principal): { tenant: Tenant; actor: Actor } {
  if (principal.kind !== 'user') throw new UnauthorizedError('auth.missing', 'This route needs a tenant admin credential');
  return { tenant: principal.tenant, actor: actorOf(principal) };
}
