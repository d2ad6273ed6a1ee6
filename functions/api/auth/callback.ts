/**
 * GET /auth/{tenantId}/callback: the OAuth 2.0 redirect URI of each tenant's
 * sign-in client. Verifies the flow, provisions on sign-in, and hands the
 * session to the console: in the URL fragment of a 303 to the tenant's console
 * (a fragment never reaches a server or a log), or as JSON when the tenant has
 * no console (local development).
 */
import { defineRoute } from '../../../shared/http/define-route.js';
import { completeBrowserSignIn } from '../../../shared/signin/browser-sign-in.js';
import { CallbackQuery, SignInParams, SignedInResponse } from '../../../shared/signin/sign-in-schemas.js';

export const handler = defineRoute(
  {
    routes: ['auth.callback'],
    summary: 'Finish single sign-on: verify the code flow and make sure the user exists',
    params: SignInParams,
    query: CallbackQuery,
    responses: { 200: SignedInResponse },
  },
  async ({ params, query, event, table, requestId }) => {
    const done = await completeBrowserSignIn(table, { tenantId: params.tenantId, query, cookies: event.cookies, requestId });
    const headers = { 'set-cookie': done.clearCookie, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };
    if (done.tenant.consoleUrl) {
      const fragment = new URLSearchParams({ id_token: done.idToken, token_type: 'Bearer', tenant_id: done.tenant.id });
      const location = `${done.tenant.consoleUrl.replace(/\/+$/, '')}${done.returnTo ?? '/'}#${fragment.toString()}`;
      return { status: 303, headers: { ...headers, location } };
    }
    const { user } = done;
    return {
      status: 200,
      headers,
      body: {
        signedIn: true,
        tenantId: done.tenant.id,
        outcome: done.outcome,
        user: { id: user.id, userName: user.userName, email: user.email, displayName: user.displayName, role: user.role, source: user.source },
        session: { idToken: done.idToken, expiresAt: done.expiresAt },
      },
    };
  },
);
