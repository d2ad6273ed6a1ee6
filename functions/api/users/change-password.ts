/** POST /users/change-password: the caller changes their own password. */
import * as z from 'zod';
import { defineRoute } from '../../../shared/http/define-route.js';
import { callerOf } from '../../../shared/users/caller.js';
import { changePassword } from '../../../shared/users/change-password.js';
import { Password } from '../../../shared/users/password-policy.js';
import { ErrorResponse, MessageResponse } from './schemas.js';

export const handler = defineRoute(
  {
    routes: ['users.changePassword'],
    summary: 'Change the caller’s own password (loginId is their email; the old password is checked)',
    body: z.strictObject({
      loginId: z.string().trim().min(1, 'loginId is required').max(254),
      oldPassword: z.string().min(1, 'oldPassword is required').max(256),
      newPassword: Password,
      // TrueFoundry clients send their app client id; the tenant's own client is used.
      clientId: z.string().max(128).optional(),
    }),
    responses: { 200: MessageResponse, 400: ErrorResponse, 403: ErrorResponse, 503: ErrorResponse },
  },
  async (req) => {
    const caller = callerOf(req.principal);
    await changePassword(req.table, {
      tenant: caller.tenant,
      caller: caller.user,
      loginId: req.body.loginId,
      oldPassword: req.body.oldPassword,
      newPassword: req.body.newPassword,
      requestId: req.requestId,
    });
    return { status: 200, body: { data: { message: 'Password has been changed' } } };
  },
);
