/**
 * Linking an IdP identity to a user because that user asked, not because an
 * email matched (./link-policy.ts never links a tenant admin or a password user
 * by email). The signed-in user asks for a one-time ticket; the ticket opens
 * the tenant's browser sign-in (`/auth/{tenantId}/login?link=<ticket>`), whose
 * state then says "link to this user"; the callback, once the IdP's ID token is
 * verified as for any sign-in, binds that identity to exactly that user. Emails
 * play no part.
 *
 * Who may ask: only a user holding an ID token of an interactive session. A PAT
 * is long-lived and sits in scripts and CI; if a leaked PAT could start a link,
 * its holder would bind their own IdP identity to the victim and keep a way in
 * that outlives the PAT's revocation. An ID token expires within the hour and
 * exists only where the person signed in.
 *
 * The ticket is a bearer secret for "link some IdP identity to me", so it is
 * answered only to that user, spent by the first sign-in that presents it, lives
 * minutes, and names its tenant; from then on the sign-in state binds the flow
 * to the browser that opened it (./sign-in-state.ts).
 */
import { isConditionalCheckFailed } from '../storage/aws-errors.js';
import { userState } from '../events/event-state.js';
import { randomBytes } from 'node:crypto';
import { recordAudit } from '../audit/audit-event.js';
import type { UserPrincipal } from '../caller/principal.js';
import { signInUrl } from '../config/public-urls.js';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../errors/app-error.js';
import { keys } from '../storage/keys.js';
import { TTL_ATTRIBUTE } from '../storage/table-definition.js';
import type { Table } from '../storage/table.js';
import { Transaction } from '../storage/transaction.js';
import type { Tenant } from '../tenants/tenant.js';
import { UserRepository } from '../users/user-repository.js';
import type { User } from '../users/user.js';
import { claimIdentity, type SignInResult } from './provision-on-sign-in.js';
import type { SignInIdentity } from './sign-in-identity.js';
import { refuseSignIn, type RefusalReason } from './sign-in-refusal.js';
import { hashOf } from './sign-in-state.js';

/** Time to follow the answered URL to the IdP; the sign-in state then has its own lifetime. */
export const LINK_TICKET_TTL_SECONDS = 300;

/**
 * A one-time sign-in URL that links the caller's IdP identity to the caller.
 * The caller must hold an ID token (see the module comment) and have no IdP
 * identity yet; the tenant must have a browser sign-in.
 */
export async function issueLinkTicket(table: Table, principal: UserPrincipal, now = Date.now()): Promise<{ url: string; expiresAt: string }> {
  const { tenant, user } = principal;
  if (principal.via !== 'jwt') {
    throw new ForbiddenError(
      'signin.link_needs_session',
      'Linking single sign-on needs your signed-in session (an ID token); a personal access token cannot start it',
    );
  }
  if (!tenant.signInClient) throw new NotFoundError('signin.not_configured', `Single sign-on is not set up for ${tenant.displayName}`);
  if (user.federatedId) throw new ConflictError('signin.already_linked', 'Your account is already linked to a single sign-on identity');
  const ticket = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now + LINK_TICKET_TTL_SECONDS * 1000).toISOString();
  await table.put({
    Item: {
      ...keys.signInLink(hashOf(ticket)),
      entity: 'signInLink',
      tenantId: tenant.id,
      userId: user.id,
      createdAt: new Date(now).toISOString(),
      expiresAt,
      [TTL_ATTRIBUTE]: Math.floor(now / 1000) + LINK_TICKET_TTL_SECONDS + 3600,
    },
    ConditionExpression: 'attribute_not_exists(PK)',
  });
  const url = new URL(signInUrl(tenant.id, 'login'));
  url.searchParams.set('link', ticket);
  return { url: url.toString(), expiresAt };
}

const invalidTicket = () =>
  new BadRequestError('signin.invalid_link', 'This link request is invalid, expired or already used. Start the link again from your account.');

/** Spends a ticket at the SSO sign-in of `tenantId`: the user to link, or a 400 that changed nothing. */
export async function redeemLinkTicket(table: Table, tenantId: string, ticket: string, now = Date.now()): Promise<string> {
  try {
    const item = await table.update<{ userId: string }>({
      Key: keys.signInLink(hashOf(ticket)),
      UpdateExpression: 'SET usedAt = :now',
      ConditionExpression: 'attribute_exists(PK) AND tenantId = :tenant AND expiresAt > :now AND attribute_not_exists(usedAt)',
      ExpressionAttributeValues: { ':tenant': tenantId, ':now': new Date(now).toISOString() },
      ReturnValues: 'ALL_NEW',
    });
    if (!item) throw invalidTicket();
    return item.userId;
  } catch (error) {
    if (isConditionalCheckFailed(error)) throw invalidTicket();
    throw error;
  }
}

/**
 * Binds the verified `identity` to the user `userId` named by the spent sign-in
 * state: the federated marker is created (or taken over from a deleted user) in
 * the same transaction as the user's update, so an identity is never bound twice.
 */
export async function linkExplicitly(
  table: Table,
  tenant: Tenant,
  identity: SignInIdentity,
  userId: string,
  context: { requestId?: string },
): Promise<{ user: User; outcome: SignInResult['outcome'] }> {
  const users = new UserRepository(table);
  const user = await users.get(tenant.id, userId);
  const refuse = async (reason: RefusalReason) =>
    refuseSignIn(table, tenant, identity, reason, { trigger: 'explicit-link', user, requestId: context.requestId });
  if (identity.method !== 'federated' || !identity.federatedId) {
    throw new BadRequestError('signin.link_not_federated', 'Sign in at your identity provider to link it; a password sign-in links nothing');
  }
  if (!user) throw await refuse('not_provisioned');
  if (!user.active) throw await refuse('deactivated');
  if (user.federatedId === identity.federatedId) return { user, outcome: 'existing' };
  if (user.federatedId) throw await refuse('identity_conflict');

  const marker = await table.get<{ userId: string }>(keys.federatedIdentity(tenant.id, identity.federatedId));
  const staleMarkerOf = marker && !(await users.get(tenant.id, marker.userId)) ? marker.userId : undefined;
  if (marker && !staleMarkerOf) throw await refuse('identity_taken');

  const now = new Date().toISOString();
  const after: User = { ...user, federatedId: identity.federatedId, ssoName: identity.providerName, updatedAt: now, lastAccessedAt: now };
  const tx = new Transaction(table);
  users.update(tx, user, after);
  claimIdentity(tx, tenant.id, identity.federatedId, user.id, staleMarkerOf);
  recordAudit(tx, {
    tenantId: tenant.id,
    actor: { type: 'user', id: user.id, slug: user.email ?? user.userName },
    action: 'user.sso_linked',
    target: { type: 'user', id: user.id, slug: user.email ?? user.userName },
    requestId: context.requestId,
    details: { provider: identity.providerName, via: 'explicit', trigger: 'callback' },
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
