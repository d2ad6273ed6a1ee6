/**
 * POST /api/svc/v1/x/session/sso-link: a one-time login URL that links the
 * single sign-on identity the caller signs in with next to the caller's own
 * account. Needs an ID token, not a PAT (shared/signin/explicit-link.ts says why).
 */
import { ErrorResponse } from '../users/schemas.js';
import { defineRoute } from '../../../shared/http/define-route.js';
import { issueLinkTicket } from '../../../shared/signin/explicit-link.js';
import { SsoLinkResponse } from '../../../shared/signin/sign-in-schemas.js';
import { callerOf } from '../../../shared/caller/caller.js';

export const handler = defineRoute(
  {
    routes: ['session.ssoLink'],
    summary: 'Start linking your single sign-on identity to your account (one-time login URL; needs an ID token, not a PAT)',
    responses: { 201: SsoLinkResponse, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 409: ErrorResponse },
  },
  async ({ principal, table }) => ({
    status: 201,
    // The URL is a one-time credential: no cache may keep it.
    body: await issueLinkTicket(table, callerOf(principal)),
    headers: { 'cache-control': 'no-store', pragma: 'no-cache' },
  }),
);
