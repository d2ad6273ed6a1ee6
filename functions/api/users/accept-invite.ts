/** POST /users/accept-invite (public): redeem an invite token, setting a password unless the user signs in through SSO. */
import * as z from '../../../shared/validation/zod.js';
import { defineRoute } from '../../../shared/http/define-route.js';
import { TenantRepository } from '../../../shared/tenants/tenant-repository.js';
import { acceptInvite } from '../../../shared/users/accept-invite.js';
import { Password } from '../../../shared/users/password-policy.js';
import { UserView, toUserView } from '../../../shared/users/user-view.js';
import { ErrorResponse, OwnName } from './schemas.js';

export const handler = defineRoute(
  {
    routes: ['users.acceptInvite'],
    summary:
      'Accept an invite with its token; a used, expired or forged token is a 400 and changes nothing. name (given and family name) is stored when the user has none and the tenant lets people set their own (invite-only mode), else 403 invite.name_owned_by_idp or 409 invite.name_already_set, nothing changed',
    body: z.strictObject({ token: z.string().check(z.minLength(1), z.maxLength(200)), password: z.optional(Password), name: z.optional(OwnName) }),
    responses: { 200: z.object({ data: UserView }), 400: ErrorResponse, 403: ErrorResponse, 409: ErrorResponse, 503: ErrorResponse },
  },
  async (req) => {
    const user = await acceptInvite(req.table, { token: req.body.token, password: req.body.password, name: req.body.name, requestId: req.requestId });
    const tenant = await new TenantRepository(req.table).require(user.tenantId);
    return { status: 200, body: { data: toUserView(user, tenant, user) } };
  },
);
