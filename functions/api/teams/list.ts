/** GET /teams/user: admins see every team, members the teams they belong to, everyone sees `everyone`. */
import * as z from '../../../shared/validation/zod.js';
import { defineRoute } from '../../../shared/http/define-route.js';
import { callerOf } from '../../../shared/caller/caller.js';
import { listTeamsForUser } from '../../../shared/teams/list-teams.js';
import { TeamViewSchema } from '../../../shared/teams/team-view.js';
import { ErrorResponse, Limit, Offset } from './schemas.js';

export const handler = defineRoute(
  {
    routes: ['teams.listForUser'],
    summary: 'List the teams the caller can see (all teams for tenant admins), `everyone` first; type=team|sso-team filters by origin',
    query: z.strictObject({ limit: Limit, offset: Offset, type: z.optional(z.enum(['team', 'sso-team'], { error: 'must be team or sso-team' })) }),
    responses: {
      200: z.object({ data: z.array(TeamViewSchema), pagination: z.object({ total: z.int(), offset: z.int(), limit: z.int() }) }),
      400: ErrorResponse,
      401: ErrorResponse,
    },
  },
  async (req) => ({ status: 200, body: await listTeamsForUser(req.table, callerOf(req.principal), req.query) }),
);
