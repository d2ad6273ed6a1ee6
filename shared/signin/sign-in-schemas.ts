/** Query and response schemas of the browser sign-in routes. */
import * as z from '../validation/zod.js';
import { TenantId } from '../tenants/tenant.js';

export const SignInParams = z.object({ tenantId: TenantId });

/** Only a path of ours: an absolute or protocol-relative URL would make the sign-in an open redirect. */
export const ReturnTo = z.string().check(z.maxLength(512), z.regex(/^\/(?![/\\])[^\s]*$/, 'returnTo must be a path starting with a single "/"'));

/**
 * The console's nonce for this sign-in (kept in its tab's sessionStorage): carried
 * through the sign-in in the state and handed back in the fragment, so the console
 * accepts a hand-off only for a sign-in it started (./console-handoff.ts).
 */
export const ConsoleNonce = z.string().check(z.regex(/^[A-Za-z0-9_-]{22,128}$/, 'consoleNonce must be 22 to 128 base64url characters'));

/** The one-time ticket of an explicit link (./explicit-link.ts), from `POST /x/session/sso-link`. */
export const LinkTicket = z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/, 'link must be the 43 base64url characters of a link ticket'));

export const LoginQuery = z.object({ returnTo: z.optional(ReturnTo), consoleNonce: z.optional(ConsoleNonce), link: z.optional(LinkTicket) });

export const CallbackQuery = z
  .object({
    state: z.string().check(z.minLength(16, 'state is missing or too short'), z.maxLength(512)),
    code: z.optional(z.string().check(z.minLength(1), z.maxLength(4096))),
    error: z.optional(z.string().check(z.maxLength(256))),
    error_description: z.optional(z.string().check(z.maxLength(2048))),
  })
  .check(z.refine((q) => q.code !== undefined || q.error !== undefined, { message: 'the callback needs a code or an error', path: ['code'] }));

export const SignedInResponse = z.object({
  signedIn: z.literal(true),
  tenantId: z.string(),
  outcome: z.enum(['existing', 'created', 'linked', 'allowed']),
  user: z.object({
    id: z.string(),
    userName: z.string(),
    email: z.optional(z.string()),
    displayName: z.optional(z.string()),
    role: z.enum(['tenant-admin', 'tenant-member']),
    source: z.enum(['scim', 'jit', 'invite', 'seed']),
  }),
  session: z.object({ idToken: z.string(), expiresAt: z.optional(z.string()) }),
});

/** The callback of a sign-in started from a link ticket: nothing is linked until the user who asked confirms. */
export const LinkPendingResponse = z.object({
  linkPending: z.literal(true),
  tenantId: z.string(),
  /** One-time; only the session of the user who asked for the link can spend it. */
  confirmation: z.string(),
  expiresAt: z.string(),
  /** The login (email, else userName) of the account that asked: the only one whose session can confirm. */
  account: z.string(),
  message: z.string(),
});

/** The 43 base64url characters of a confirmation from {@link LinkPendingResponse}. */
export const SsoLinkConfirmBody = z.strictObject({
  confirmation: z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/, 'confirmation must be the 43 base64url characters the sign-in answered')),
});

export const SsoLinkConfirmResponse = z.object({
  outcome: z.enum(['linked', 'existing']),
  user: z.object({ id: z.string(), userName: z.string(), email: z.optional(z.string()), ssoName: z.optional(z.string()) }),
  /** The IdP identity now bound (its provider is `user.ssoName`): its subject and the email the IdP asserted, so the asker sees whose sign-in it was. */
  identity: z.object({ subject: z.string(), email: z.optional(z.string()) }),
});

export const SsoLinkResponse = z.object({
  /** Open in the browser: the tenant's SSO sign-in, which links the IdP identity to the caller. Single use. */
  url: z.string(),
  expiresAt: z.string(),
});
