/** DELETE /teams/{id}: tenant admins delete a team made here, with its memberships and role bindings. */
import * as z from '../../../shared/validation/zod.js';
import { defineRoute } from '../../../shared/http/define-route.js';
import { callerOf } from '../../../shared/caller/caller.js';
import { deleteTeam } from '../../../shared/removal/delete-team.js';
import { ErrorResponse, TeamIdParams } from './schemas.js';

export const handler = defineRoute(
  {
    routes: ['teams.delete'],
    summary: 'Delete a team (tenant admins); SCIM-managed teams and `everyone` are 409',
    params: TeamIdParams,
    responses: {
      200: z.object({
        data: z.object({ id: z.string(), teamName: z.string(), deleted: z.literal(true), removedMembers: z.int(), removedBindings: z.int() }),
      }),
      403: ErrorResponse,
      404: ErrorResponse,
      409: ErrorResponse,
    },
  },
  async (req) => {
    const deleted = await deleteTeam(req.table, callerOf(req.principal), req.params.id, req.requestId);
    return {
      status: 200,
      body: {
        data: { id: deleted.id, teamName: deleted.name, deleted: true, removedMembers: deleted.removedMembers, removedBindings: deleted.removedBindings },
      },
    };
  },
);
