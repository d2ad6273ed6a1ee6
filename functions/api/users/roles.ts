/** PATCH /users/roles: set a user's one tenant role. */
import * as z from '../../../shared/validation/zod.js';
import { actorOf } from '../../../shared/caller/principal.js';
import { defineRoute } from '../../../shared/http/define-route.js';
import { callerOf } from '../../../shared/caller/caller.js';
import { setTenantRole } from '../../../shared/users/tenant-role.js';
import type { TenantRole } from '../../../shared/users/user.js';
import { toUserView } from '../../../shared/users/user-view.js';
import { Email, ErrorResponse, TenantRoleName, UserResponse } from './schemas.js';

export const handler = defineRoute(
  {
    routes: ['users.roles'],
    summary: 'Set a user’s tenant role (exactly one of tenant-admin, tenant-member); the last active admin cannot be demoted',
    body: z.strictObject({
      email: Email,
      roles: z.array(TenantRoleName).check(z.length(1, 'every user has exactly one tenant role: send one of tenant-admin, tenant-member')),
      resourceType: z.optional(z.literal('tenant', { error: 'only tenant roles are set here' })),
    }),
    responses: { 200: UserResponse, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
  },
  async (req) => {
    const caller = callerOf(req.principal);
    const { user } = await setTenantRole(req.table, {
      tenant: caller.tenant,
      email: req.body.email,
      role: req.body.roles[0] as TenantRole,
      actor: actorOf(caller),
      requestId: req.requestId,
    });
    return { status: 200, body: { data: toUserView(user, caller.tenant, caller.user) } };
  },
);
