/** GET /users/{id}: one user of the caller's tenant. */
import * as z from '../../../shared/validation/zod.js';
import { defineRoute } from '../../../shared/http/define-route.js';
import { callerOf } from '../../../shared/caller/caller.js';
import { requireTargetUser } from '../../../shared/caller/target-user.js';
import { toUserView } from '../../../shared/users/user-view.js';
import { ErrorResponse, UserResponse } from './schemas.js';

export const handler = defineRoute(
  {
    routes: ['users.get'],
    summary: 'Get a user of the caller’s tenant by id',
    params: z.object({ id: z.string().check(z.minLength(1), z.maxLength(128)) }),
    responses: { 200: UserResponse, 401: ErrorResponse, 404: ErrorResponse },
  },
  async (req) => {
    const caller = callerOf(req.principal);
    const user = await requireTargetUser(req.table, caller, req.params.id);
    return { status: 200, body: { data: toUserView(user, caller.tenant, caller.user) } };
  },
);
