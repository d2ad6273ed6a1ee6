/** GET /users: the tenant's users, paginated; any user of the tenant may list. */
import * as z from '../../../shared/validation/zod.js';
import { defineRoute } from '../../../shared/http/define-route.js';
import { callerOf } from '../../../shared/caller/caller.js';
import { listUsers } from '../../../shared/users/list-users.js';
import { toUserView } from '../../../shared/users/user-view.js';
import type { TenantRole } from '../../../shared/users/user.js';
import { ErrorResponse, Limit, Offset, QueryBoolean, TenantRoleName, UserListResponse } from './schemas.js';

export const handler = defineRoute(
  {
    routes: ['users.list'],
    summary:
      'List the users of the caller’s tenant (stable id order unless sort is given; deactivated users only with showInvalidUsers=true or status=deactivated); status, role and source filter, sort orders the whole filtered list (a search, filter or sort reads the tenant’s users once)',
    query: z.object({
      limit: Limit,
      offset: Offset,
      query: z.optional(z.string().check(z.maxLength(254))).check(z.describe('Case-insensitive substring of the email or the display name')),
      showInvalidUsers: QueryBoolean.check(z.describe('Include deactivated users')),
      status: z
        .optional(z.enum(['active', 'invite-pending', 'deactivated'], { error: 'must be one of active, invite-pending, deactivated' }))
        .check(z.describe('Only users in this state (overrides showInvalidUsers)')),
      role: z.optional(TenantRoleName).check(z.describe('Only users with this tenant role')),
      source: z
        .optional(z.enum(['scim', 'jit', 'invite', 'seed'], { error: 'must be one of scim, jit, invite, seed' }))
        .check(z.describe('Only users from this source')),
      sort: z
        .optional(z.enum(['email', 'name', 'lastAccess'], { error: 'must be one of email, name, lastAccess' }))
        .check(z.describe('Order of the whole filtered list (default: id order)')),
      order: z._default(z.enum(['asc', 'desc'], { error: 'must be asc or desc' }), 'asc'),
    }),
    responses: { 200: UserListResponse, 400: ErrorResponse, 401: ErrorResponse },
  },
  async (req) => {
    const { tenant, user: viewer } = callerOf(req.principal);
    const { limit, offset, query, showInvalidUsers, status, role, source, sort, order } = req.query;
    const { users, total } = await listUsers(req.table, {
      tenantId: tenant.id,
      limit,
      offset,
      query,
      includeInactive: showInvalidUsers,
      status,
      role: role as TenantRole | undefined,
      source,
      sort,
      order,
    });
    return { status: 200, body: { data: users.map((u) => toUserView(u, tenant, viewer)), pagination: { total, offset, limit } } };
  },
);
