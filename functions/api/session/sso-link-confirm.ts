/**
 * POST /api/svc/v1/x/session/sso-link/confirm: binds the single sign-on identity
 * a link sign-in verified to the caller, who must be the user who asked for the
 * link, with the code that sign-in answered. Needs an ID token, not a PAT
 * (shared/signin/explicit-link.ts says why).
 */
import { ErrorResponse } from '../users/schemas.js';
import { defineRoute } from '../../../shared/http/define-route.js';
import { confirmLink } from '../../../shared/signin/explicit-link.js';
import { SsoLinkConfirmBody, SsoLinkConfirmResponse } from '../../../shared/signin/sign-in-schemas.js';
import { callerOf } from '../../../shared/caller/caller.js';

export const handler = defineRoute(
  {
    routes: ['session.ssoLinkConfirm'],
    summary: 'Confirm linking the single sign-on identity a link sign-in verified to your account (needs an ID token, not a PAT)',
    body: SsoLinkConfirmBody,
    responses: { 200: SsoLinkConfirmResponse, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 409: ErrorResponse },
  },
  async ({ principal, table, body, requestId }) => {
    const { user, outcome, identity } = await confirmLink(table, callerOf(principal), body.confirmation, { requestId });
    return {
      status: 200,
      body: {
        outcome,
        user: { id: user.id, userName: user.userName, email: user.email, ssoName: user.ssoName },
        identity: { subject: identity.subject ?? '', email: identity.email },
      },
    };
  },
);
