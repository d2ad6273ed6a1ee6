/** DELETE /collaborators: remove subjects' roles on a resource; any subject without one is a 404 and nothing changes. */
import * as z from '../../../shared/validation/zod.js';
import { defineRoute } from '../../../shared/http/define-route.js';
import { callerOf } from '../../../shared/caller/caller.js';
import { RevokeCollaboratorsBody } from '../../../shared/collaborators/collaborator-request.js';
import { revokeRoles } from '../../../shared/collaborators/revoke-roles.js';
import { ErrorResponse } from '../users/schemas.js';

export const handler = defineRoute(
  {
    routes: ['collaborators.delete'],
    summary: 'Revoke roles on a resource from users and teams, all or nothing',
    body: RevokeCollaboratorsBody,
    responses: {
      200: z.object({ data: z.object({ revoked: z.array(z.object({ subject: z.string(), role: z.string() })) }) }),
      400: ErrorResponse,
      403: ErrorResponse,
      404: ErrorResponse,
    },
  },
  async (req) => ({ status: 200, body: { data: await revokeRoles(req.table, callerOf(req.principal), req.body, req.requestId) } }),
);
