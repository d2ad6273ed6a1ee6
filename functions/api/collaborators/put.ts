/** PUT /collaborators: grant (or change) roles on a resource to users and teams, all or nothing. */
import * as z from '../../../shared/validation/zod.js';
import { defineRoute } from '../../../shared/http/define-route.js';
import { callerOf } from '../../../shared/caller/caller.js';
import { CollaboratorViewSchema, GrantCollaboratorsBody } from '../../../shared/collaborators/collaborator-request.js';
import { grantRoles } from '../../../shared/collaborators/grant-roles.js';
import { ErrorResponse } from '../users/schemas.js';

export const handler = defineRoute(
  {
    routes: ['collaborators.put'],
    summary: 'Grant roles on a resource: subjects are "user:<email>" or "team:<name>" (team:everyone for all active users)',
    body: GrantCollaboratorsBody,
    responses: { 200: z.object({ data: z.array(CollaboratorViewSchema) }), 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse },
  },
  async (req) => ({ status: 200, body: { data: await grantRoles(req.table, callerOf(req.principal), req.body, req.requestId) } }),
);
