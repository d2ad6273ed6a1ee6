/** POST /users/invite: create an invite-pending user, mail the invite, and return its link. */
import * as z from '../../../shared/validation/zod.js';
import { actorOf } from '../../../shared/caller/principal.js';
import { defineRoute } from '../../../shared/http/define-route.js';
import { callerOf } from '../../../shared/caller/caller.js';
import type { TenantRole } from '../../../shared/users/user.js';
import { inviteUser } from '../../../shared/users/invite-user.js';
import { UserView, toUserView } from '../../../shared/users/user-view.js';
import { ClientUrl, Email, ErrorResponse, InviteeName, TenantRoleName } from './schemas.js';

export const handler = defineRoute(
  {
    routes: ['users.invite'],
    summary:
      'Invite a user by email: creates them invite-pending (201), mails a single-use link (7 days) and returns it (Cache-Control: no-store); for a user whose invite is still pending, sends a fresh one (200) and the old link stops working. acceptInviteClientUrl must be on an origin the tenant allows (its console, linkOrigins), else 400 link.origin_not_allowed',
    body: z.strictObject({
      email: Email,
      acceptInviteClientUrl: ClientUrl,
      role: z.optional(TenantRoleName).check(z.describe('Tenant role of a new user (default tenant-member); a resent invite keeps the pending user’s role')),
      name: InviteeName.check(z.describe('The person’s name (givenName, familyName), shown in the console and to SCIM clients')),
    }),
    responses: {
      200: z.object({ link: z.string(), data: UserView }),
      201: z.object({ link: z.string(), data: UserView }),
      400: ErrorResponse,
      403: ErrorResponse,
      409: ErrorResponse,
    },
  },
  async (req) => {
    const caller = callerOf(req.principal);
    const result = await inviteUser(req.table, {
      tenant: caller.tenant,
      email: req.body.email,
      actor: actorOf(caller),
      requestId: req.requestId,
      invite: true,
      sendEmail: true,
      clientUrl: req.body.acceptInviteClientUrl,
      resendIfPending: true,
      role: req.body.role as TenantRole | undefined,
      name: req.body.name,
    });
    // The link carries a live token: no cache on the way may keep it.
    return {
      status: result.created ? 201 : 200,
      body: { link: result.link, data: toUserView(result.user, caller.tenant, caller.user) },
      headers: { 'cache-control': 'no-store', pragma: 'no-cache' },
    };
  },
);
