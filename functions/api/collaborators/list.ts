/** GET /collaborators?resourceType&resourceId: who holds which role on a resource, by page. */
import * as z from '../../../shared/validation/zod.js';
import { defineRoute } from '../../../shared/http/define-route.js';
import { callerOf } from '../../../shared/caller/caller.js';
import { CollaboratorViewSchema } from '../../../shared/collaborators/collaborator-request.js';
import { listCollaborators } from '../../../shared/collaborators/list-collaborators.js';
import { ResourceId, ResourceType } from '../../../shared/collaborators/role-binding.js';
import { PageTokenParam } from '../../../shared/teams/page-token.js';
import { ErrorResponse, Limit } from '../users/schemas.js';

export const handler = defineRoute(
  {
    routes: ['collaborators.list'],
    summary: 'List the collaborators of a resource (tenant admins, or users holding a role on it)',
    query: z.strictObject({ resourceType: ResourceType, resourceId: ResourceId, limit: Limit, pageToken: z.optional(PageTokenParam) }),
    responses: {
      200: z.object({
        data: z.array(CollaboratorViewSchema),
        pagination: z.object({ limit: z.int(), nextPageToken: z.optional(z.string()) }),
      }),
      400: ErrorResponse,
      403: ErrorResponse,
    },
  },
  async (req) => ({ status: 200, body: await listCollaborators(req.table, callerOf(req.principal), req.query) }),
);
