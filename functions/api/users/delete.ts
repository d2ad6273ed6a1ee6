/** DELETE /users/{id}: guarded delete (teams and resource roles block it unless forceDelete=true). */
import * as z from '../../../shared/validation/zod.js';
import { actorOf } from '../../../shared/caller/principal.js';
import { defineRoute } from '../../../shared/http/define-route.js';
import { callerOf } from '../../../shared/caller/caller.js';
import { deleteUser } from '../../../shared/removal/delete-user.js';
import { ErrorResponse, QueryBoolean } from './schemas.js';

export const handler = defineRoute(
  {
    routes: ['users.delete'],
    summary: 'Delete a user; refused (400 user.delete_blocked, listing them) while they are in a team or hold a resource role, unless forceDelete=true',
    params: z.object({ id: z.string().check(z.minLength(1), z.maxLength(128)) }),
    query: z.object({ forceDelete: QueryBoolean.check(z.describe('Remove the user’s team memberships and resource roles first')) }),
    responses: {
      200: z.object({ data: z.object({ id: z.string(), deleted: z.literal(true) }) }),
      400: ErrorResponse,
      403: ErrorResponse,
      404: ErrorResponse,
      409: ErrorResponse,
    },
  },
  async (req) => {
    const caller = callerOf(req.principal);
    await deleteUser(req.table, {
      tenant: caller.tenant,
      userId: req.params.id,
      force: req.query.forceDelete,
      actor: actorOf(caller),
      requestId: req.requestId,
    });
    return { status: 200, body: { data: { id: req.params.id, deleted: true } } };
  },
);
