/** POST /personal-access-tokens: a new token for the caller, returned once. */
import * as z from '../../../shared/validation/zod.js';
import { defineRoute } from '../../../shared/http/define-route.js';
import { callerOf } from '../../../shared/caller/caller.js';
import { createPat } from '../../../shared/pats/create-pat.js';
import { PatName } from '../../../shared/pats/pat-name.js';
import { PatViewSchema } from '../../../shared/pats/pat-view.js';
import { ErrorResponse } from '../users/schemas.js';

export const handler = defineRoute(
  {
    routes: ['pats.create'],
    summary:
      'Create a personal access token; expirationDate (ISO 8601, UTC when no zone) defaults to, and may not exceed, the tenant’s maximum lifetime. The token is shown only in this response',
    body: z.strictObject({ name: PatName, expirationDate: z.optional(z.string().check(z.maxLength(40))) }),
    responses: { 201: z.object({ token: z.string(), pat: PatViewSchema }), 400: ErrorResponse, 409: ErrorResponse },
  },
  async (req) => ({
    status: 201,
    body: await createPat(req.table, callerOf(req.principal), req.body, req.requestId),
    headers: { 'cache-control': 'no-store' },
  }),
);
