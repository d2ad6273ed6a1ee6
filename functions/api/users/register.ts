/** POST /users/register: pre-register a user, optionally mailing an invite (TrueFoundry's register). */
import * as z from '../../../shared/validation/zod.js';
import { actorOf } from '../../../shared/caller/principal.js';
import { defineRoute } from '../../../shared/http/define-route.js';
import { callerOf } from '../../../shared/caller/caller.js';
import type { TenantRole } from '../../../shared/users/user.js';
import { inviteUser } from '../../../shared/users/invite-user.js';
import { UserView, toUserView } from '../../../shared/users/user-view.js';
import { ClientUrl, Email, ErrorResponse, InviteeName, TenantRoleName } from './schemas.js';

const Body = z
  .strictObject({
    email: Email,
    sendInviteEmail: z.nullish(z.boolean()),
    skipIfUserExists: z.nullish(z.boolean()),
    dryRun: z.nullish(z.boolean()),
    acceptInviteClientURL: z.nullish(ClientUrl),
    role: z.optional(TenantRoleName),
    name: InviteeName,
  })
  .check(
    z.refine((b) => !b.sendInviteEmail || b.acceptInviteClientURL, {
      message: 'acceptInviteClientURL is required when sendInviteEmail is true',
      path: ['acceptInviteClientURL'],
    }),
  );

export const handler = defineRoute(
  {
    routes: ['users.register'],
    summary:
      'Register a user (invite-pending, role tenant-member unless role says otherwise, with the name given); with sendInviteEmail, mail a single-use set-password link',
    body: Body,
    responses: {
      200: z.object({ data: UserView, created: z.boolean(), dryRun: z.boolean() }),
      201: z.object({ data: UserView, created: z.boolean(), dryRun: z.boolean() }),
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
      invite: Boolean(req.body.sendInviteEmail),
      sendEmail: Boolean(req.body.sendInviteEmail),
      clientUrl: req.body.acceptInviteClientURL ?? undefined,
      clientUrlField: 'acceptInviteClientURL',
      skipIfUserExists: req.body.skipIfUserExists ?? false,
      dryRun: req.body.dryRun ?? false,
      role: req.body.role as TenantRole | undefined,
      name: req.body.name,
    });
    return {
      status: result.created ? 201 : 200,
      body: { data: toUserView(result.user, caller.tenant, caller.user), created: result.created, dryRun: req.body.dryRun ?? false },
    };
  },
);
