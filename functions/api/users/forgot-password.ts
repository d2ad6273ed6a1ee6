/** POST /x/users/forgot-password: mail a single-use reset link (admins for anyone, members for themselves). */
import * as z from '../../../shared/validation/zod.js';
import { actorOf } from '../../../shared/caller/principal.js';
import { defineRoute } from '../../../shared/http/define-route.js';
import { callerOf } from '../../../shared/caller/caller.js';
import { requestPasswordReset } from '../../../shared/users/password-reset.js';
import { isAdmin } from '../../../shared/users/user.js';
import { ClientUrl, Email, ErrorResponse, MessageResponse } from './schemas.js';

/** The same answer whether or not a member's request did anything, so it reveals no emails. */
const SENT = 'If this user signs in with a password, a reset link has been sent to their email';

export const handler = defineRoute(
  {
    routes: ['users.forgotPassword'],
    summary:
      'Send a password-reset link (1 hour, single use); only for users who sign in with a password; resetPasswordClientUrl must be on an origin the tenant allows, else 400 link.origin_not_allowed',
    body: z.strictObject({ email: Email, resetPasswordClientUrl: ClientUrl }),
    responses: { 200: MessageResponse, 400: ErrorResponse, 404: ErrorResponse },
  },
  async (req) => {
    const caller = callerOf(req.principal);
    await requestPasswordReset(req.table, {
      tenant: caller.tenant,
      caller: caller.user,
      email: req.body.email,
      clientUrl: req.body.resetPasswordClientUrl,
      actor: actorOf(caller),
      requestId: req.requestId,
    });
    const message = isAdmin(caller.user) ? `A password-reset link has been sent to ${req.body.email}` : SENT;
    return { status: 200, body: { data: { message } } };
  },
);
