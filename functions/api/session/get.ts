/** GET /api/svc/v1/x/session: the signed-in user, their tenant and the kind of credential used. */
import { ErrorResponse } from '../users/schemas.js';
import { defineRoute } from '../../../shared/http/define-route.js';
import { sessionView, SessionResponse } from '../../../shared/auth/session-view.js';
import { callerOf } from '../../../shared/caller/caller.js';

export const handler = defineRoute(
  {
    routes: ['session.get'],
    summary: 'The caller: user, tenant and credential kind (for consoles after sign-in)',
    responses: { 200: SessionResponse, 401: ErrorResponse },
  },
  async ({ principal }) => ({ status: 200, body: sessionView(callerOf(principal)), headers: { 'cache-control': 'no-store' } }),
);
