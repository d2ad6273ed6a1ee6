/** DELETE /personal-access-tokens/{id}: revoke one token (own, or anyone's for tenant admins). */
import * as z from '../../../shared/validation/zod.js';
import { defineRoute } from '../../../shared/http/define-route.js';
import { callerOf } from '../../../shared/caller/caller.js';
import { revokePat } from '../../../shared/pats/revoke-pat.js';
import { PatViewSchema } from '../../../shared/pats/pat-view.js';
import { ErrorResponse } from '../users/schemas.js';

export const handler = defineRoute(
  {
    routes: ['pats.delete'],
    summary: 'Revoke a personal access token by id; it is refused from the next request on',
    params: z.object({ id: z.uuid({ error: 'must be a token id (UUID)' }) }),
    responses: { 200: z.object({ data: PatViewSchema }), 400: ErrorResponse, 404: ErrorResponse },
  },
  async (req) => ({ status: 200, body: { data: await revokePat(req.table, callerOf(req.principal), req.params.id, req.requestId) } }),
);
