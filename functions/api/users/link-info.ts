/** POST /x/users/link-info (public): what an invite or reset link's page may show before the token is used. */
import * as z from '../../../shared/validation/zod.js';
import { defineRoute } from '../../../shared/http/define-route.js';
import { describeActionLink } from '../../../shared/users/action-link-info.js';
import { ErrorResponse } from './schemas.js';

export const handler = defineRoute(
  {
    routes: ['users.linkInfo'],
    summary:
      'Describe an invite or password-reset link without using it: the organization’s display name, the address it is for, and whether accepting asks for a name. Every unusable link (malformed, forged, used, expired, replaced, ended by a later change of the user’s password, login email or status, another organization’s, a deactivated user’s) is the same 400 link.not_usable',
    body: z.strictObject({
      kind: z.enum(['invite', 'reset'], { error: 'must be invite or reset' }),
      token: z.string().check(z.minLength(1), z.maxLength(200)),
      tenantId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))).check(z.describe('The organization the link names, when it names one')),
    }),
    responses: {
      200: z.object({
        data: z.object({ kind: z.enum(['invite', 'reset']), organization: z.string(), email: z.string(), askName: z.boolean() }),
      }),
      400: ErrorResponse,
    },
  },
  async (req) => {
    const data = await describeActionLink(req.table, req.body);
    return { status: 200, headers: { 'cache-control': 'no-store' }, body: { data } };
  },
);
