/** GET /x/users/{id}/teams: the teams a user is in, with their role (self or tenant admins). */
import * as z from '../../../shared/validation/zod.js';
import { defineRoute } from '../../../shared/http/define-route.js';
import { assertSelfOrAdmin } from '../../../shared/auth/user-auth.js';
import { callerOf } from '../../../shared/caller/caller.js';
import { requireTargetUser } from '../../../shared/caller/target-user.js';
import { teamsOfUser, UserTeamSchema } from '../../../shared/teams/teams-of-user.js';
import { ErrorResponse } from './schemas.js';

export const handler = defineRoute(
  {
    routes: ['users.teams'],
    summary: 'List the teams a user belongs to, `everyone` included while they are active',
    params: z.object({ id: z.string().check(z.minLength(1), z.maxLength(128)) }),
    responses: { 200: z.object({ data: z.array(UserTeamSchema) }), 404: ErrorResponse },
  },
  async (req) => {
    const caller = callerOf(req.principal);
    assertSelfOrAdmin(caller, req.params.id);
    const user = await requireTargetUser(req.table, caller, req.params.id);
    return { status: 200, body: { data: await teamsOfUser(req.table, user) } };
  },
);
