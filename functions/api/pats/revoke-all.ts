/** DELETE /personal-access-tokens/revoke/all {email}: tenant admins revoke every token of one user. */
import * as z from '../../../shared/validation/zod.js';
import { defineRoute } from '../../../shared/http/define-route.js';
import { callerOf } from '../../../shared/caller/caller.js';
import { revokeAllPats } from '../../../shared/pats/revoke-pat.js';
import { Email, ErrorResponse } from '../users/schemas.js';

export const handler = defineRoute(
  {
    routes: ['pats.revokeAll'],
    summary: 'Revoke all personal access tokens of the user with this login email (tenant admins)',
    body: z.strictObject({ email: Email }),
    responses: { 200: z.object({ data: z.object({ userId: z.string(), revoked: z.int() }) }), 400: ErrorResponse, 404: ErrorResponse },
  },
  async (req) => ({ status: 200, body: { data: await revokeAllPats(req.table, callerOf(req.principal), req.body.email, req.requestId) } }),
);
