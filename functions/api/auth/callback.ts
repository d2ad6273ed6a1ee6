/**
 * GET /auth/{tenantId}/callback: the OAuth 2.0 redirect URI of each tenant's
 * sign-in client. Verifies the flow, provisions on sign-in, and hands the
 * outcome to the tenant's console in the fragment of a 303 (a fragment never
 * reaches a server or a log): the session to `returnTo`, or a refusal the
 * person can act on to the console's sign-in page. A tenant with no console
 * (local development) gets JSON: the signed-in user, or the error.
 *
 * A sign-in started from a link ticket signs no one in: it answers 202 with the
 * code that the user who asked for the link confirms with their own session
 * (shared/signin/explicit-link.ts), as JSON on every tenant, since the console
 * plays no part in it.
 */
import { defineRoute } from '../../../shared/http/define-route.js';
import { completeBrowserSignIn } from '../../../shared/signin/browser-sign-in.js';
import { refusalHandoffUrl, sessionHandoffUrl } from '../../../shared/signin/console-handoff.js';
import { CallbackQuery, LinkPendingResponse, SignInParams, SignedInResponse } from '../../../shared/signin/sign-in-schemas.js';

export const handler = defineRoute(
  {
    routes: ['auth.callback'],
    summary: 'Finish single sign-on: verify the code flow and make sure the user exists',
    params: SignInParams,
    query: CallbackQuery,
    responses: { 200: SignedInResponse, 202: LinkPendingResponse },
  },
  async ({ params, query, event, table, requestId }) => {
    const done = await completeBrowserSignIn(table, { tenantId: params.tenantId, query, cookies: event.cookies, requestId });
    const headers = { 'set-cookie': done.clearCookie, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };
    if (done.kind === 'refused') {
      const location = refusalHandoffUrl(done.consoleUrl, { message: done.error.message, code: done.error.code, tenantId: done.tenant.id });
      return { status: 303, headers: { ...headers, location } };
    }
    if (done.kind === 'link-pending') {
      return {
        status: 202,
        headers,
        body: {
          linkPending: true,
          tenantId: done.tenant.id,
          confirmation: done.confirmation,
          expiresAt: done.expiresAt,
          account: done.account,
          message: `Nothing is linked yet. This single sign-on identity is linked to ${done.account} of ${done.tenant.displayName} only when that account confirms this code with its own session (POST /api/svc/v1/x/session/sso-link/confirm). If ${done.account} is not your account, close this page and give the code to no one.`,
        },
      };
    }
    if (done.tenant.consoleUrl) {
      const location = sessionHandoffUrl(done.tenant.consoleUrl, {
        returnTo: done.returnTo,
        idToken: done.idToken,
        tenantId: done.tenant.id,
        consoleNonce: done.consoleNonce,
      });
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
