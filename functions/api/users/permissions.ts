/** GET /x/users/{id}/permissions: direct and inherited resource roles, each with its origin, and the effective role per resource. */
import * as z from '../../../shared/validation/zod.js';
import { defineRoute } from '../../../shared/http/define-route.js';
import { assertSelfOrAdmin } from '../../../shared/auth/user-auth.js';
import { callerOf } from '../../../shared/caller/caller.js';
import { requireTargetUser } from '../../../shared/caller/target-user.js';
import { effectivePermissions, grantsOfUser } from '../../../shared/collaborators/effective-permissions.js';
import { ResourceRoleSchema } from '../../../shared/collaborators/role-binding.js';
import { ErrorResponse } from './schemas.js';

const Origin = z.union([z.object({ type: z.literal('direct') }), z.object({ type: z.literal('team'), teamId: z.string(), teamName: z.string() })]);
const Resource = { resourceType: z.string(), resourceId: z.string(), role: ResourceRoleSchema };
const PermissionsResponse = z.object({
  data: z.object({
    userId: z.string(),
    grants: z.array(z.object({ ...Resource, origin: Origin })),
    effective: z.array(z.object({ ...Resource, origins: z.array(z.intersection(Origin, z.object({ role: ResourceRoleSchema }))) })),
  }),
});

export const handler = defineRoute(
  {
    routes: ['users.permissions'],
    summary: 'A user’s resource roles: each grant with its origin (direct or a team) and the strongest role per resource',
    params: z.object({ id: z.string().check(z.minLength(1), z.maxLength(128)) }),
    responses: { 200: PermissionsResponse, 404: ErrorResponse },
  },
  async (req) => {
    const caller = callerOf(req.principal);
    assertSelfOrAdmin(caller, req.params.id);
    const user = await requireTargetUser(req.table, caller, req.params.id);
    const grants = await grantsOfUser(req.table, user);
    return { status: 200, body: { data: { userId: user.id, grants, effective: effectivePermissions(grants) } } };
  },
);
