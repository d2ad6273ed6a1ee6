/** POST /users/reset-password (public): set a new password with a reset token. */
import * as z from '../../../shared/validation/zod.js';
import { defineRoute } from '../../../shared/http/define-route.js';
import { Password } from '../../../shared/users/password-policy.js';
import { resetPassword } from '../../../shared/users/password-reset.js';
import { ErrorResponse, MessageResponse } from './schemas.js';

export const handler = defineRoute(
  {
    routes: ['users.resetPassword'],
    summary: 'Set a new password with a reset token; a used, expired or forged token is a 400 and changes nothing',
    body: z.strictObject({ token: z.string().check(z.minLength(1), z.maxLength(200)), newPassword: Password }),
    responses: { 200: MessageResponse, 400: ErrorResponse, 409: ErrorResponse, 503: ErrorResponse },
  },
  async (req) => {
    await resetPassword(req.table, { token: req.body.token, newPassword: req.body.newPassword, requestId: req.requestId });
    return { status: 200, body: { data: { message: 'Password has been reset' } } };
  },
);
