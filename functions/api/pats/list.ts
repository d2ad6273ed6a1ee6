/** GET /personal-access-tokens: the caller's tokens (admins: any user's, by userId or email), never their secrets. */
import * as z from '../../../shared/validation/zod.js';
import { defineRoute } from '../../../shared/http/define-route.js';
import { callerOf } from '../../../shared/caller/caller.js';
import { listPats } from '../../../shared/pats/list-pats.js';
import { PatViewSchema } from '../../../shared/pats/pat-view.js';
import { Email, ErrorResponse, Limit, Offset } from '../users/schemas.js';

export const handler = defineRoute(
  {
    routes: ['pats.list'],
    summary: 'List personal access tokens, newest first; nameSearchQuery filters by name; userId or email (admins) picks another user',
    query: z.strictObject({
      limit: Limit,
      offset: Offset,
      nameSearchQuery: z.optional(z.string().check(z.maxLength(36))),
      userId: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
      email: z.optional(Email),
    }),
    responses: {
      200: z.object({ data: z.array(PatViewSchema), pagination: z.object({ total: z.int(), offset: z.int(), limit: z.int() }) }),
      400: ErrorResponse,
      403: ErrorResponse,
      404: ErrorResponse,
    },
  },
  async (req) => ({ status: 200, body: await listPats(req.table, callerOf(req.principal), req.query) }),
);
