/** GET /auth/{tenantId}/options: the sign-in methods the console offers for a tenant. */
import { ErrorResponse } from '../users/schemas.js';
import { defineRoute } from '../../../shared/http/define-route.js';
import { signInOptions, SignInOptionsResponse } from '../../../shared/signin/sign-in-options.js';
import { SignInParams } from '../../../shared/signin/sign-in-schemas.js';

export const handler = defineRoute(
  {
    routes: ['auth.options'],
    summary: 'The sign-in methods of a tenant: password (its Cognito app client) and single sign-on',
    params: SignInParams,
    responses: { 200: SignInOptionsResponse, 404: ErrorResponse },
  },
  async ({ params, table }) => ({ status: 200, body: await signInOptions(table, params.tenantId) }),
);
