/**
 * Linking an IdP identity to a user because that user asked, not because an
 * email matched (./link-policy.ts never links a tenant admin or a password user
 * by email). Three steps, each needing what only the right party holds:
 *
 * 1. The signed-in user asks for a one-time ticket (their ID token); the ticket
 *    opens the tenant's browser sign-in (`/auth/{tenantId}/login?link=<ticket>`).
 * 2. Whoever opens that URL signs in at the IdP; the callback verifies the ID
 *    token as for any sign-in, binds nothing, and answers a one-time
 *    confirmation code for that identity to that browser only.
 * 3. The user who asked confirms with the code and their own session
 *    (`POST /x/session/sso-link/confirm`); only then is the identity bound to
 *    exactly that user. Emails play no part.
 *
 * Step 3 exists because the ticket URL says nothing about who opens it. Without
 * it, a member could send their own link to a colleague, whose IdP session
 * would silently bind the colleague's identity to the member's account: the
 * colleague's next SSO sign-in would land in the member's account, and their
 * own account could never be linked. The confirmation reaches only the browser
 * that signed in at the IdP, and counts only with the session that asked: the
 * member has the session but not the code, the colleague the code but not the
 * session.
 *
 * Who may ask and confirm: only a user holding an ID token of an interactive
 * session. A PAT is long-lived and sits in scripts and CI; if a leaked PAT could
 * start a link, its holder would bind their own IdP identity to the victim and
 * keep a way in that outlives the PAT's revocation. An ID token expires within
 * the hour and exists only where the person signed in.
 *
 * The ticket and the code are bearer secrets, stored only as hashes, spent by
 * their first use, living minutes, and naming their tenant (and the code its
 * user); the sign-in state binds the IdP round trip to the browser that opened
 * the ticket (./sign-in-state.ts).
 */
import { userState } from '../events/event-state.js';
import { recordAudit } from '../audit/audit-event.js';
import type { UserPrincipal } from '../caller/principal.js';
import { signInUrl } from '../config/public-urls.js';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../errors/app-error.js';
import { keys } from '../storage/keys.js';
import type { Table } from '../storage/table.js';
import { Transaction } from '../storage/transaction.js';
import type { Tenant } from '../tenants/tenant.js';
import { UserRepository } from '../users/user-repository.js';
import { linkGenerationOf, type User } from '../users/user.js';
import { claimIdentity } from './provision-on-sign-in.js';
import type { SignInIdentity } from './sign-in-identity.js';
import { refuseSignIn, type RefusalReason } from './sign-in-refusal.js';
import { hashOf, spendOneTimeSecret, storeOneTimeSecret } from './one-time-secret.js';
import type { LinkRequest } from './sign-in-state.js';

/** Time to follow the answered URL to the IdP; the sign-in state then has its own lifetime. */
export const LINK_TICKET_TTL_SECONDS = 300;
/** Time for the user who asked to confirm the identity the callback verified. */
export const LINK_CONFIRMATION_TTL_SECONDS = 300;

const needsSession = (principal: UserPrincipal) => {
  if (principal.via !== 'jwt') {
    throw new ForbiddenError(
      'signin.link_needs_session',
      'Linking single sign-on needs your signed-in session (an ID token); a personal access token cannot start or confirm it',
    );
  }
};

/**
 * A one-time sign-in URL that links the caller's IdP identity to the caller.
 * The caller must hold an ID token (see the module comment) and have no IdP
 * identity yet; the tenant must have a browser sign-in.
 */
export async function issueLinkTicket(table: Table, principal: UserPrincipal, now = Date.now()): Promise<{ url: string; expiresAt: string }> {
  const { tenant, user } = principal;
  needsSession(principal);
  if (!tenant.signInClient) throw new NotFoundError('signin.not_configured', `Single sign-on is not set up for ${tenant.displayName}`);
  if (user.federatedId) throw new ConflictError('signin.already_linked', 'Your account is already linked to a single sign-on identity');
  const { secret: ticket, expiresAt } = await storeOneTimeSecret(
    table,
    keys.signInLink,
    { entity: 'signInLink', tenantId: tenant.id, userId: user.id, generation: linkGenerationOf(user) },
    LINK_TICKET_TTL_SECONDS,
    now,
  );
  const url = new URL(signInUrl(tenant.id, 'login'));
  url.searchParams.set('link', ticket);
  return { url: url.toString(), expiresAt };
}

const invalidTicket = () =>
  new BadRequestError('signin.invalid_link', 'This link request is invalid, expired or already used. Start the link again from your account.');

/**
 * Spends a ticket at the SSO sign-in of `tenantId`: who asked and at which link
 * generation, or a 400 that changed nothing but the ticket. A ticket whose user
 * has since been deactivated, changed their password or login email, or been
 * deleted is refused: the link dies with the change, as mailed links do.
 */
export async function redeemLinkTicket(table: Table, tenantId: string, ticket: string, now = Date.now()): Promise<LinkRequest> {
  const item = await spendOneTimeSecret<{ userId: string; generation?: number }>(table, keys.signInLink(hashOf(ticket)), { tenantId }, now);
  if (!item) throw invalidTicket();
  const request = { userId: item.userId, generation: item.generation ?? 0 };
  const user = await new UserRepository(table).get(tenantId, request.userId);
  if (!user?.active || linkGenerationOf(user) !== request.generation) throw invalidTicket();
  return request;
}

/**
 * What the callback answers the browser that signed in at the IdP: the code the
 * user who asked confirms with, and that user's login, so a person who did not
 * ask sees whose account the link was for.
 */
export interface PendingLink {
  confirmation: string;
  expiresAt: string;
  account: string;
}

type LinkOutcome = { user: User; outcome: 'linked' | 'existing' };

interface StoredLinkConfirmation {
  tenantId: string;
  userId: string;
  /** Absent on confirmations stored before it was kept: 0. */
  generation?: number;
  identity: SignInIdentity;
}

/**
 * Step 2: keeps the verified `identity` for the link request named by the spent
 * sign-in state, binding nothing, and answers the one-time code that confirms it.
 */
export async function holdLinkForConfirmation(
  table: Table,
  tenant: Tenant,
  identity: SignInIdentity,
  link: LinkRequest,
  now = Date.now(),
): Promise<PendingLink> {
  if (identity.method !== 'federated' || !identity.federatedId || !identity.subject) {
    throw new BadRequestError('signin.link_not_federated', 'Sign in at your identity provider to link it; a password sign-in links nothing');
  }
  // Refused here as at the ticket's sign-in, so a link a later change ended gets no code and names no login.
  const asker = await new UserRepository(table).get(tenant.id, link.userId);
  if (!asker?.active || linkGenerationOf(asker) !== link.generation) throw invalidTicket();
  const { secret: confirmation, expiresAt } = await storeOneTimeSecret(
    table,
    keys.signInLinkConfirmation,
    { entity: 'signInLinkConfirmation', tenantId: tenant.id, userId: link.userId, generation: link.generation, identity },
    LINK_CONFIRMATION_TTL_SECONDS,
    now,
  );
  return { confirmation, expiresAt, account: asker.email ?? asker.userName };
}

/**
 * Step 3: the user who asked spends the code with their own session, and the
 * identity it holds is bound to them. A code started by another user, or for
 * another tenant, is refused and stays unspent for its owner.
 */
export async function confirmLink(
  table: Table,
  principal: UserPrincipal,
  confirmation: string,
  context: { requestId?: string },
  now = Date.now(),
): Promise<LinkOutcome & { identity: SignInIdentity }> {
  needsSession(principal);
  const held = await spendOneTimeSecret<StoredLinkConfirmation>(
    table,
    keys.signInLinkConfirmation(hashOf(confirmation)),
    { tenantId: principal.tenant.id, userId: principal.user.id },
    now,
  );
  if (!held) throw invalidConfirmation();
  const linked = await linkExplicitly(table, principal.tenant, held.identity, { userId: held.userId, generation: held.generation ?? 0 }, context);
  return { ...linked, identity: held.identity };
}

const invalidConfirmation = () =>
  new BadRequestError(
    'signin.invalid_link_confirmation',
    'This link confirmation is invalid, expired or already used, or another account asked for it. Start the link again from your account.',
  );

/**
 * Binds the verified `identity` to the user who asked and confirmed it, while
 * their link generation is still the one they asked at (the user's update is
 * conditioned on the version read, so a change that advances it meanwhile wins):
 * the federated marker is created (or taken over from a deleted user) in the
 * same transaction as the user's update, so an identity is never bound twice.
 */
async function linkExplicitly(
  table: Table,
  tenant: Tenant,
  identity: SignInIdentity,
  link: LinkRequest,
  context: { requestId?: string },
): Promise<LinkOutcome> {
  const users = new UserRepository(table);
  const user = await users.get(tenant.id, link.userId);
  const refuse = async (reason: RefusalReason) =>
    refuseSignIn(table, tenant, identity, reason, { trigger: 'explicit-link', user, requestId: context.requestId });
  // holdLinkForConfirmation kept only a federated identity.
  const federatedId = identity.federatedId!;
  if (!user) throw await refuse('not_provisioned');
  if (!user.active) throw await refuse('deactivated');
  if (linkGenerationOf(user) !== link.generation) throw invalidConfirmation();
  if (user.federatedId === federatedId) return { user, outcome: 'existing' };
  if (user.federatedId) throw await refuse('identity_conflict');

  const marker = await table.get<{ userId: string }>(keys.federatedIdentity(tenant.id, federatedId));
  const staleMarkerOf = marker && !(await users.get(tenant.id, marker.userId)) ? marker.userId : undefined;
  if (marker && !staleMarkerOf) throw await refuse('identity_taken');

  const now = new Date().toISOString();
  const after: User = { ...user, federatedId, ssoName: identity.providerName, updatedAt: now, lastAccessedAt: now };
  const tx = new Transaction(table);
  users.update(tx, user, after);
  claimIdentity(tx, tenant.id, federatedId, user.id, staleMarkerOf);
  recordAudit(tx, {
    tenantId: tenant.id,
    actor: { type: 'user', id: user.id, slug: user.email ?? user.userName },
    action: 'user.sso_linked',
    target: { type: 'user', id: user.id, slug: user.email ?? user.userName },
    requestId: context.requestId,
    details: { provider: identity.providerName, via: 'explicit', trigger: 'confirmation' },
    data: { user: userState(after) },
    sequence: user.version + 1,
  });
  try {
    await tx.commit();
  } catch (error) {
    // Another sign-in bound the identity between the read and this write: nothing was written.
    if (error instanceof ConflictError && error.code === 'signin.identity_race') throw await refuse('identity_taken');
    throw error;
  }
  return { user: { ...after, version: user.version + 1 }, outcome: 'linked' };
}
