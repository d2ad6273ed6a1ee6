/** DELETE /personal-access-tokens/revoke/all {email}: tenant admins revoke every token of one user. */
import * as z from 'zod';
import { defineRoute } from '../../../shared/http/define-route.js';
import { callerOf } from '../../../shared/users/caller.js';
import { revokeAllPats } from '../../../shared/pats/revoke-pat.js';
import { Email, ErrorResponse } from '../users/schemas.js';

export const handler = defineRoute(
  {
    routes: ['pats.revokeAll'],
    summary: 'Revoke all personal access tokens of the user with this login email (tenant admins)',
    body: z.object({ email: Email }).strict(),
    responses: { 200: z.object({ data: z.object({ userId: z.string(), revoked: z.number().int() }) }), 400: ErrorResponse, 404: ErrorResponse },
  },
  async (req) => ({ status: 200, body: { data: await revokeAllPats(req.table, callerOf(req.principal), req.body.email, req.requestId) } }),
);
