/**
 * The browser sign-in of a tenant: `/auth/{tenantId}/login` starts an OAuth 2.0
 * authorization-code flow with state, nonce and PKCE at the tenant's sign-in
 * client; `/auth/{tenantId}/callback` finishes it and makes sure the person
 * exists through the same provisioning function as the Cognito triggers.
 *
 * Order matters in the callback: the state is spent first (a replay or a second
 * tab stops there), then the code is exchanged and the ID token verified, and
 * only a verified identity reaches provisioning. Every refusal before that point
 * is a 400 that changed nothing but the spent state.
 *
 * A sign-in started from a link ticket provisions nothing and signs no one in:
 * it answers a code with which the user who asked confirms the link
 * (./explicit-link.ts).
 *
 * A tenant with a console gets the refusals a person can act on back on the
 * console's sign-in page instead of as JSON (./console-handoff.ts).
 */
import { signInUrl } from '../config/public-urls.js';
import { BadRequestError, ForbiddenError, NotFoundError, type AppError } from '../errors/app-error.js';
import type { Table } from '../storage/table.js';
import { directSignInClientOf } from '../tenants/sign-in-client-binding.js';
import { TenantRepository } from '../tenants/tenant-repository.js';
import type { Tenant } from '../tenants/tenant.js';
import type { User } from '../users/user.js';
import { isRefusalForThePerson } from './console-handoff.js';
import { holdLinkForConfirmation, redeemLinkTicket, type PendingLink } from './explicit-link.js';
import { authorizationUrl, endpointsOf, exchangeCode, verifyIdToken } from './oidc-client.js';
import { provisionOnSignIn, type SignInResult } from './provision-on-sign-in.js';
import { identityFromIdToken } from './sign-in-identity.js';
import { beginSignIn, consumeSignInState, stateCookie, stateFromCookies } from './sign-in-state.js';

type SignInTenant = Tenant & { signInClient: NonNullable<Tenant['signInClient']> };

async function signInTenant(table: Table, tenantId: string): Promise<SignInTenant> {
  const tenant = await new TenantRepository(table).get(tenantId);
  if (!tenant) throw new NotFoundError('tenant.not_found', `Tenant ${tenantId} does not exist`);
  if (!tenant.signInClient) throw new NotFoundError('signin.not_configured', `Single sign-on is not set up for ${tenant.displayName}`);
  return tenant as SignInTenant;
}

/** Where to send the browser, and the state cookie to set on it. */
export async function startBrowserSignIn(
  table: Table,
  tenantId: string,
  returnTo?: string,
  consoleNonce?: string,
  linkTicket?: string,
): Promise<{ location: string; cookie: string }> {
  const tenant = await signInTenant(table, tenantId);
  const endpoints = await endpointsOf(tenant.signInClient);
  const link = linkTicket ? await redeemLinkTicket(table, tenant.id, linkTicket) : undefined;
  const { state, secrets, cookie } = await beginSignIn(table, tenant.id, returnTo, Date.now(), { consoleNonce, link });
  const location = authorizationUrl(tenant.signInClient, endpoints, {
    redirectUri: signInUrl(tenant.id, 'callback'),
    state,
    nonce: secrets.nonce,
    codeChallenge: secrets.codeChallenge,
  });
  return { location, cookie };
}

export interface CallbackQuery {
  state: string;
  code?: string;
  error?: string;
  error_description?: string;
}

export interface CompletedSignIn {
  kind: 'signed-in';
  tenant: Tenant;
  user: User;
  outcome: SignInResult['outcome'];
  idToken: string;
  expiresAt?: string;
  returnTo?: string;
  /** The console's nonce from the start of the sign-in, for the hand-off. */
  consoleNonce?: string;
  /** Clears the state cookie. */
  clearCookie: string;
}

/** A sign-in started from a link ticket: the verified identity waits for the confirmation of the user who asked. */
export interface PendingLinkSignIn extends PendingLink {
  kind: 'link-pending';
  tenant: Tenant;
  clearCookie: string;
}

/** A refusal to show on the tenant's console (only for tenants that have one; the rest get the error). */
export interface RefusedSignIn {
  kind: 'refused';
  tenant: Tenant;
  consoleUrl: string;
  error: AppError;
  /** Clears the state cookie: whatever it held is spent or worthless now. */
  clearCookie: string;
}

type CallbackInput = { tenantId: string; query: CallbackQuery; cookies: readonly string[] | undefined; requestId?: string };

/**
 * Finishes a sign-in; see the module comment for the order of checks. A refusal
 * the person can act on comes back as {@link RefusedSignIn} when the tenant has
 * a console to show it; every other failure is thrown.
 */
export async function completeBrowserSignIn(table: Table, input: CallbackInput): Promise<CompletedSignIn | PendingLinkSignIn | RefusedSignIn> {
  const tenant = await signInTenant(table, input.tenantId);
  try {
    return await finishSignIn(table, tenant, input);
  } catch (error) {
    if (!tenant.consoleUrl || !isRefusalForThePerson(error)) throw error;
    return { kind: 'refused', tenant, consoleUrl: tenant.consoleUrl, error, clearCookie: stateCookie(tenant.id, '', 0) };
  }
}

async function finishSignIn(table: Table, tenant: SignInTenant, input: CallbackInput): Promise<CompletedSignIn | PendingLinkSignIn> {
  const { returnTo, consoleNonce, link, secrets } = await consumeSignInState(table, {
    tenantId: tenant.id,
    state: input.query.state,
    cookieState: stateFromCookies(input.cookies),
  });
  if (input.query.error) throw idpRefusal(input.query.error, input.query.error_description);
  if (!input.query.code) throw new BadRequestError('signin.missing_code', 'The callback carries neither a code nor an error');

  const endpoints = await endpointsOf(tenant.signInClient);
  const redirectUri = signInUrl(tenant.id, 'callback');
  const { idToken } = await exchangeCode(tenant.signInClient, endpoints, { code: input.query.code, redirectUri, codeVerifier: secrets.codeVerifier });
  const claims = await verifyIdToken(tenant.signInClient, endpoints, idToken, secrets.nonce);
  const identity = identityFromIdToken(claims as Record<string, unknown>, {
    issuedBy: directSignInClientOf(tenant) ? 'idp' : 'pool',
    ssoProviderName: tenant.sso?.providerName,
    mapping: tenant.attributeMapping,
  });
  if (!identity) throw new BadRequestError('signin.invalid_id_token', 'The ID token names no subject this tenant can sign in');

  const clearCookie = stateCookie(tenant.id, '', 0);
  if (link) return { kind: 'link-pending', tenant, ...(await holdLinkForConfirmation(table, tenant, identity, link)), clearCookie };
  const { user, outcome } = await provisionOnSignIn(table, tenant, identity, { phase: 'sign-in', trigger: 'callback', requestId: input.requestId });
  return {
    kind: 'signed-in',
    tenant,
    user: user!,
    outcome,
    idToken,
    expiresAt: typeof claims.exp === 'number' ? new Date(claims.exp * 1000).toISOString() : undefined,
    returnTo,
    ...(consoleNonce ? { consoleNonce } : {}),
    clearCookie,
  };
}

/**
 * An error the IdP (or Cognito, carrying a trigger's refusal) sent back instead
 * of a code. Cognito words it "<Trigger> failed with error <our message>." and
 * the person should read our message.
 */
function idpRefusal(error: string, description: string | undefined): ForbiddenError {
  const text = (description ?? '').slice(0, 500);
  const fromTrigger = /^\w+ failed with error (.+?)\.?\s*$/s.exec(text)?.[1];
  if (fromTrigger) return new ForbiddenError('signin.refused', fromTrigger.endsWith('.') ? fromTrigger : `${fromTrigger}.`);
  return new ForbiddenError('signin.idp_error', `Your identity provider did not sign you in (${error.slice(0, 64)})${text ? `: ${text}` : ''}`);
}
