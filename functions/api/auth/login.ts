/** GET /auth/{tenantId}/login: starts the tenant's browser sign-in (state, nonce, PKCE) and redirects to its IdP. */
import { defineRoute } from '../../../shared/http/define-route.js';
import { startBrowserSignIn } from '../../../shared/signin/browser-sign-in.js';
import { LoginQuery, SignInParams } from '../../../shared/signin/sign-in-schemas.js';

export const handler = defineRoute(
  { routes: ['auth.login'], summary: 'Start single sign-on for a tenant', params: SignInParams, query: LoginQuery },
  async ({ params, query, table }) => {
    const { location, cookie } = await startBrowserSignIn(table, params.tenantId, query.returnTo, query.consoleNonce, query.link);
    return { status: 302, headers: { location, 'set-cookie': cookie, 'cache-control': 'no-store' } };
  },
);
