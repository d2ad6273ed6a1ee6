/** GET /x/users/{id}/resources: the roles a user holds directly on resources (what blocks deleting them). */
import * as z from '../../../shared/validation/zod.js';
import { defineRoute } from '../../../shared/http/define-route.js';
import { assertSelfOrAdmin } from '../../../shared/auth/user-auth.js';
import { callerOf } from '../../../shared/caller/caller.js';
import { requireTargetUser } from '../../../shared/caller/target-user.js';
import { listBindingsOfSubject } from '../../../shared/collaborators/role-binding-repository.js';
import { ResourceRoleSchema } from '../../../shared/collaborators/role-binding.js';
import { ErrorResponse } from './schemas.js';

const DirectRole = z.object({ resourceType: z.string(), resourceId: z.string(), role: ResourceRoleSchema, createdAt: z.string() });

export const handler = defineRoute(
  {
    routes: ['users.resources'],
    summary: 'List the resource roles a user holds directly (not through teams)',
    params: z.object({ id: z.string().check(z.minLength(1), z.maxLength(128)) }),
    responses: { 200: z.object({ data: z.array(DirectRole) }), 404: ErrorResponse },
  },
  async (req) => {
    const caller = callerOf(req.principal);
    assertSelfOrAdmin(caller, req.params.id);
    const user = await requireTargetUser(req.table, caller, req.params.id);
    const bindings = await listBindingsOfSubject(req.table, caller.tenant.id, 'user', user.id);
    const data = bindings
      .map(({ resourceType, resourceId, role, createdAt }) => ({ resourceType, resourceId, role, createdAt }))
      .sort((a, b) => a.resourceType.localeCompare(b.resourceType) || a.resourceId.localeCompare(b.resourceId));
    return { status: 200, body: { data } };
  },
);
