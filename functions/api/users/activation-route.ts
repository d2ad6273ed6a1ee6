/** The one handler behind PATCH /users/deactivate and /users/activate. */
import * as z from '../../../shared/validation/zod.js';
import { actorOf } from '../../../shared/caller/principal.js';
import { defineRoute } from '../../../shared/http/define-route.js';
import { setUserActive } from '../../../shared/users/activation.js';
import { callerOf } from '../../../shared/caller/caller.js';
import { toUserView } from '../../../shared/users/user-view.js';
import { Email, ErrorResponse, UserResponse } from './schemas.js';

export function activationRoute(active: boolean) {
  return defineRoute(
    {
      routes: [active ? 'users.activate' : 'users.deactivate'],
      summary: active
        ? 'Reactivate a user: sign-in works again (sessions and PATs revoked at deactivation stay revoked; the user makes new PATs)'
        : 'Deactivate a user: Cognito sign-in disabled, sessions signed out, every PAT they hold and every invite or reset link mailed to them revoked for good (a reactivation brings none back: resend the invite); the last active admin cannot be deactivated',
      body: z.strictObject({ email: Email }),
      responses: { 200: UserResponse, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
    },
    async (req) => {
      const caller = callerOf(req.principal);
      const { user } = await setUserActive(req.table, {
        tenant: caller.tenant,
        email: req.body.email,
        active,
        actor: actorOf(caller),
        requestId: req.requestId,
      });
      return { status: 200, body: { data: toUserView(user, caller.tenant, caller.user) } };
    },
  );
}
