/** POST /users/change-password: the caller changes their own password. */
import * as z from '../../../shared/validation/zod.js';
import { defineRoute } from '../../../shared/http/define-route.js';
import { callerOf } from '../../../shared/caller/caller.js';
import { changePassword } from '../../../shared/users/change-password.js';
import { Password } from '../../../shared/users/password-policy.js';
import { ErrorResponse, MessageResponse } from './schemas.js';

export const handler = defineRoute(
  {
    routes: ['users.changePassword'],
    summary: 'Change the caller’s own password (loginId is their email; the old password is checked)',
    body: z.strictObject({
      loginId: z.string().check(z.trim(), z.minLength(1, 'loginId is required'), z.maxLength(254)),
      oldPassword: z.string().check(z.minLength(1, 'oldPassword is required'), z.maxLength(256)),
      newPassword: Password,
      // TrueFoundry clients send their app client id; the tenant's own client is used.
      clientId: z.optional(z.string().check(z.maxLength(128))),
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
