/** GET /users: the tenant's users, paginated; any user of the tenant may list. */
import * as z from '../../../shared/validation/zod.js';
import { defineRoute } from '../../../shared/http/define-route.js';
import { callerOf } from '../../../shared/caller/caller.js';
import { listUsers } from '../../../shared/users/list-users.js';
import { toUserView } from '../../../shared/users/user-view.js';
import { ErrorResponse, Limit, Offset, QueryBoolean, UserListResponse } from './schemas.js';

export const handler = defineRoute(
  {
    routes: ['users.list'],
    summary: 'List the users of the caller’s tenant (stable id order; deactivated users only with showInvalidUsers=true)',
    query: z.object({
      limit: Limit,
      offset: Offset,
      query: z.optional(z.string().check(z.maxLength(254))).check(z.describe('Case-insensitive substring of the email')),
      showInvalidUsers: QueryBoolean.check(z.describe('Include deactivated users')),
    }),
    responses: { 200: UserListResponse, 400: ErrorResponse, 401: ErrorResponse },
  },
  async (req) => {
    const { tenant, user: viewer } = callerOf(req.principal);
    const { limit, offset, query, showInvalidUsers } = req.query;
    const { users, total } = await listUsers(req.table, { tenantId: tenant.id, limit, offset, query, includeInactive: showInvalidUsers });
    return { status: 200, body: { data: users.map((u) => toUserView(u, tenant, viewer)), pagination: { total, offset, limit } } };
  },
);
