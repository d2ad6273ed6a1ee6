/**
 * The one provisioning-on-sign-in function: every Cognito trigger and the
 * browser callback route call it, so a sign-in means the same thing whichever
 * way it arrives.
 *
 * Idempotent by construction, because Cognito retries a trigger that fails or
 * exceeds its 5 s, and a person double-clicks: a federated identity is keyed by
 * tenant + `<provider>_<subject>` in a marker item created with
 * `attribute_not_exists` in the same transaction as the user and its
 * userName/email markers. A retried or parallel first sign-in loses that
 * condition, re-reads, and returns the user the winner created; it never makes
 * a second one nor fails.
 *
 * Phases follow Cognito's trigger order (see docs/sign-in.md):
 * - `gate` (PreSignUp, PreAuthentication): refuse what must be refused; no writes;
 * - `sign-in` (PostConfirmation, PostAuthentication, token generation at sign-in,
 *   the callback): create (JIT), link (invited/SCIM users on their first SSO
 *   sign-in), follow IdP drift (JIT), record `lastAccessedAt` (and a single
 *   sign-on as the tenant's last, for the Provisioning page: shared/health);
 * - `refresh` (TokenGeneration_RefreshTokens): no new IdP assertion, so nothing
 *   is created; a deactivated or deleted user gets no more tokens.
 *
 * No mail is sent from here: nothing a sign-in does needs one.
 */
import { isConditionalCheckFailed } from '../storage/aws-errors.js';
import { userState } from '../events/event-state.js';
import { randomUUID } from 'node:crypto';
import { recordAudit, diffAttributes } from '../audit/audit-event.js';
import { AppError, ConflictError, PreconditionFailedError, type ErrorCode } from '../errors/app-error.js';
import { logger } from '../observability/logger.js';
import { keys } from '../storage/keys.js';
import { readComputeCommit } from '../storage/lost-race.js';
import type { Table } from '../storage/table.js';
import { Transaction } from '../storage/transaction.js';
import type { Tenant } from '../tenants/tenant.js';
import { addRedemption, actionRecordKey, type ActionRecord } from '../users/action-record.js';
import { addActiveAdminChange } from '../users/admin-guard.js';
import { addLifecycleEffects } from '../users/lifecycle.js';
import { UserRepository } from '../users/user-repository.js';
import { isAdmin, type User } from '../users/user.js';
import { changedKeys, sameValue } from '../json/same-value.js';
import { userOfCognitoAccount } from './cognito-account.js';
import { emailLinkRefusal, vouchedEmail } from './link-policy.js';
import { refuseSignIn } from './sign-in-refusal.js';
import { recordSsoSignIn } from '../health/sign-in-health.js';
import type { SignInIdentity } from './sign-in-identity.js';

export type SignInPhase = 'gate' | 'sign-in' | 'refresh';

export interface SignInContext {
  phase: SignInPhase;
  /** The trigger source or `callback`, for the audit trail. */
  trigger: string;
  requestId?: string;
}

export interface SignInResult {
  /** Absent only when a `gate` lets an unknown identity through to be created by JIT. */
  user?: User;
  outcome: 'existing' | 'created' | 'linked' | 'allowed';
}

/** `lastAccessedAt` is written at most this often per user: a sign-in is not worth a write per token refresh. */
export const LAST_ACCESS_RESOLUTION_MS = 60_000;

/**
 * Makes sure `identity` may sign in to `tenant` and returns its user, creating
 * or linking it in the `sign-in` phase as the tenant's mode allows. Refusals
 * throw {@link SignInRefusedError} (403) after an audit event.
 */
export async function provisionOnSignIn(table: Table, tenant: Tenant, identity: SignInIdentity, context: SignInContext): Promise<SignInResult> {
  const result = await admit(table, tenant, identity, context);
  if (context.phase === 'sign-in' && result.user && identity.method === 'federated') {
    await recordSsoSignIn(table, tenant.id, {
      at: new Date().toISOString(),
      method: 'federated',
      provider: identity.providerName,
      userId: result.user.id,
      email: result.user.email,
    });
  }
  return result;
}

async function admit(table: Table, tenant: Tenant, identity: SignInIdentity, context: SignInContext): Promise<SignInResult> {
  const users = new UserRepository(table);
  let lastError: unknown;
  // A parallel sign-in of the same person won the race: read again and join its result.
  return readComputeCommit(
    async () => {
      const found = await resolve(table, users, tenant.id, identity);
      try {
        if (found.ambiguousAccount)
          throw await refuseSignIn(table, tenant, identity, 'account_conflict', { trigger: context.trigger, requestId: context.requestId });
        if (found.user) return await admitKnown(table, users, tenant, identity, found.user, context, found.staleMarkerOf);
        return await admitUnknown(table, users, tenant, identity, context, { staleMarkerOf: found.staleMarkerOf, lastError });
      } catch (error) {
        lastError = error;
        throw error;
      }
    },
    { lostRace: isLostRace, keepLastError: true },
  );
}

const LOST_RACE_CODES = new Set<ErrorCode>(['user.username_taken', 'user.email_taken', 'signin.identity_race']);

const isLostRace = (error: unknown) =>
  (error instanceof ConflictError && LOST_RACE_CODES.has(error.code)) || (error instanceof PreconditionFailedError && error.code === 'user.version_mismatch');

interface Resolution {
  user?: User;
  /** A password account claimed by more than one user (data from before bindings): refused, never guessed. */
  ambiguousAccount?: boolean;
  /** A federated marker whose user was deleted since: the identity is free to be claimed again. */
  staleMarkerOf?: string;
}

/**
 * Finds the user of an identity by what binds it: a password account by its
 * Cognito username (./cognito-account.ts), a federated identity by its marker.
 * Only a federated identity without a marker is matched by email, as a linking
 * candidate; a pool account's `email` attribute is never read for this.
 */
async function resolve(table: Table, users: UserRepository, tenantId: string, identity: SignInIdentity): Promise<Resolution> {
  if (identity.method === 'password') {
    if (!identity.cognitoUsername) return {};
    const account = await userOfCognitoAccount(table, users, tenantId, identity.cognitoUsername);
    return account.user ? { user: account.user } : { ambiguousAccount: account.ambiguous };
  }
  let staleMarkerOf: string | undefined;
  if (identity.federatedId) {
    const marker = await table.get<{ userId: string }>(keys.federatedIdentity(tenantId, identity.federatedId));
    if (marker) {
      const user = await users.get(tenantId, marker.userId);
      if (user) return { user };
      staleMarkerOf = marker.userId;
    }
  }
  if (identity.email) {
    const user = (await users.findByLoginEmail(tenantId, identity.email)) ?? (await users.findByUserName(tenantId, identity.email));
    if (user) return { user, staleMarkerOf };
  }
  return { staleMarkerOf };
}

const mayUsePassword = (tenant: Tenant, user: User) =>
  !tenant.ssoEnforced || (isAdmin(user) && user.email !== undefined && tenant.breakGlassEmails.some((e) => e.toLowerCase() === user.email!.toLowerCase()));

async function admitKnown(
  table: Table,
  users: UserRepository,
  tenant: Tenant,
  identity: SignInIdentity,
  user: User,
  context: SignInContext,
  staleMarkerOf?: string,
): Promise<SignInResult> {
  const refuse = async (reason: Parameters<typeof refuseSignIn>[3]) =>
    refuseSignIn(table, tenant, identity, reason, { trigger: context.trigger, user, requestId: context.requestId });
  if (!user.active) throw await refuse('deactivated');
  if (identity.method === 'password') {
    if (!mayUsePassword(tenant, user)) throw await refuse('sso_required');
    // A pool account waiting for its invite has no password of the person's choosing yet (Cognito's
    // NEW_PASSWORD_REQUIRED would let whoever asks first pick one): the invite link is the only way in.
    if (!user.inviteAccepted) throw await refuse('invite_pending');
    if (!user.hasPassword) throw await refuse('password_not_set');
  }
  const linking = identity.method === 'federated' && identity.federatedId !== undefined && user.federatedId !== identity.federatedId;
  const linkRefusal = linking ? emailLinkRefusal(tenant, identity, user) : undefined;
  if (linkRefusal) throw await refuse(linkRefusal);
  if (context.phase !== 'sign-in') return { user, outcome: 'existing' };

  const now = new Date().toISOString();
  const after = nextProfile(tenant, identity, user, linking, now);
  if (!linking && changedKeys(profileOf(user), profileOf(after)).length === 0) {
    await touchLastAccess(table, user, now);
    return { user, outcome: 'existing' };
  }
  const tx = new Transaction(table);
  users.update(tx, user, after);
  // Only state transitions reach Cognito; a link or profile drift changes none.
  addLifecycleEffects(tx, tenant, user, after);
  const actor = signInActor(identity, after);
  if (linking) {
    claimIdentity(tx, tenant.id, identity.federatedId!, user.id, staleMarkerOf);
    recordAudit(tx, {
      tenantId: tenant.id,
      actor,
      action: 'user.sso_linked',
      target: targetOf(after),
      requestId: context.requestId,
      details: { provider: identity.providerName, trigger: context.trigger },
      ...stateOf(after, user.version + 1),
    });
    if (!user.inviteAccepted) await acceptInviteBySso(table, tx, tenant.id, { ...after, version: user.version + 1 }, actor, context);
  }
  const drifted = changedKeys(pick(user), pick(after));
  if (drifted.length) {
    const profileChanges = diffAttributes(onlyKeys(pick(user), drifted), onlyKeys(pick(after), drifted));
    recordAudit(tx, {
      tenantId: tenant.id,
      actor,
      action: 'user.updated',
      target: targetOf(after),
      requestId: context.requestId,
      changes: profileChanges,
      details: { via: 'sign-in', trigger: context.trigger },
      ...stateOf(after, user.version + 1),
    });
  }
  try {
    await tx.commit();
  } catch (error) {
    // The IdP's new email (or the userName following it) belongs to someone else: sign in with the old one rather than lock the person out.
    const collision = error instanceof ConflictError && (error.code === 'user.email_taken' || error.code === 'user.username_taken');
    if (collision && after.email !== user.email) {
      logger.warn('IdP email drift collides with another user; keeping the stored email', { tenantId: tenant.id, userId: user.id });
      return admitKnown(table, users, tenant, { ...identity, email: user.email }, user, context, staleMarkerOf);
    }
    throw error;
  }
  return { user: { ...after, version: user.version + 1 }, outcome: linking ? 'linked' : 'existing' };
}

async function admitUnknown(
  table: Table,
  users: UserRepository,
  tenant: Tenant,
  identity: SignInIdentity,
  context: SignInContext,
  retry: { staleMarkerOf?: string; lastError: unknown },
): Promise<SignInResult> {
  const creatable = identity.method === 'federated' && identity.federatedId !== undefined && tenant.mode === 'jit' && context.phase !== 'refresh';
  if (!creatable) throw await refuseSignIn(table, tenant, identity, 'not_provisioned', { trigger: context.trigger, requestId: context.requestId });
  // The email would become the new user's login email: someone able to set their own address at the IdP would
  // otherwise claim another person's (an executive's) before its owner first signs in.
  if (identity.email && !vouchedEmail(tenant, identity)) {
    throw await refuseSignIn(table, tenant, identity, 'email_unverified', { trigger: context.trigger, requestId: context.requestId });
  }
  if (context.phase === 'gate') return { outcome: 'allowed' };

  const now = new Date().toISOString();
  // userName is the email, as for invited users; if that name is taken by someone with another email, the IdP id.
  const userNameTaken = retry.lastError instanceof ConflictError && retry.lastError.code === 'user.username_taken';
  const user: User = {
    tenantId: tenant.id,
    id: randomUUID(),
    userName: identity.email && !userNameTaken ? identity.email : identity.federatedId!,
    email: identity.email,
    emails: identity.email ? [{ value: identity.email, type: 'work', primary: true }] : [],
    displayName: identity.displayName,
    name: identity.name,
    active: true,
    role: 'tenant-member',
    source: 'jit',
    inviteAccepted: true,
    hasPassword: false,
    ssoName: identity.providerName,
    cognitoUsername: identity.cognitoUsername,
    federatedId: identity.federatedId,
    createdAt: now,
    updatedAt: now,
    lastAccessedAt: now,
    version: 1,
  };
  const tx = new Transaction(table);
  claimIdentity(tx, tenant.id, identity.federatedId!, user.id, retry.staleMarkerOf);
  users.create(tx, user);
  // The Cognito user exists already (it is signing in), so no identity sync is queued; the admin counter is a no-op for members.
  addActiveAdminChange(tx, tenant.id, undefined, user);
  recordAudit(tx, {
    tenantId: tenant.id,
    actor: signInActor(identity, user),
    action: 'user.created',
    target: targetOf(user),
    requestId: context.requestId,
    details: { source: 'jit', role: user.role, provider: identity.providerName, trigger: context.trigger },
    ...stateOf(user, user.version),
  });
  await tx.commit();
  return { user, outcome: 'created' };
}

/** The marker binding a federated identity to a user; taking over a marker whose user was deleted is allowed. */
export function claimIdentity(tx: Transaction, tenantId: string, federatedId: string, userId: string, staleUserId: string | undefined): void {
  const item = { ...keys.federatedIdentity(tenantId, federatedId), entity: 'federatedIdentity', userId, federatedId };
  tx.put(item, {
    condition: staleUserId ? 'attribute_not_exists(PK) OR userId = :stale' : 'attribute_not_exists(PK)',
    values: staleUserId ? { ':stale': staleUserId } : undefined,
    onConditionFailed: () => new ConflictError('signin.identity_race', `Identity ${federatedId} was claimed by a concurrent sign-in`),
  });
}

/** The user after this sign-in: linked to the identity, and (JIT tenants) following the IdP's name and email. */
function nextProfile(tenant: Tenant, identity: SignInIdentity, user: User, linking: boolean, now: string): User {
  const after: User = { ...user };
  if (linking) {
    after.federatedId = identity.federatedId;
    after.ssoName = identity.providerName;
    after.inviteAccepted = true;
    after.cognitoUsername ??= identity.cognitoUsername;
  }
  // In JIT mode the IdP is the source of truth for who a person is; in SCIM mode SCIM is, and invite-only keeps admin edits.
  if (tenant.mode === 'jit' && identity.method === 'federated') {
    // Only an email the tenant may take the IdP's word for replaces the login email; another is ignored.
    if (identity.email && identity.email !== user.email && vouchedEmail(tenant, identity)) {
      after.email = identity.email;
      after.emails = [
        { value: identity.email, type: 'work', primary: true },
        ...user.emails.filter((e) => e.value.toLowerCase() !== identity.email!.toLowerCase()).map((e) => ({ ...e, primary: false })),
      ];
      if (user.source === 'jit' && user.userName.toLowerCase() === (user.email ?? '').toLowerCase()) after.userName = identity.email;
    }
    if (identity.displayName && identity.displayName !== user.displayName) after.displayName = identity.displayName;
    if (identity.name && !sameValue(identity.name, user.name)) after.name = identity.name;
  }
  after.updatedAt = now;
  after.lastAccessedAt = now;
  return after;
}

const PROFILE = ['userName', 'email', 'emails', 'displayName', 'name', 'federatedId', 'ssoName', 'inviteAccepted', 'cognitoUsername'] as const;
const profileOf = (u: User) => Object.fromEntries(PROFILE.map((k) => [k, u[k]]));
const pick = (u: User): Record<string, unknown> => ({ userName: u.userName, email: u.email, displayName: u.displayName, name: u.name });
const onlyKeys = (record: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, record[k]]));

const targetOf = (u: User) => ({ type: 'user', id: u.id, slug: u.email ?? u.userName });
/** The event data and sequence of a change that leaves the user as `u` at `version`. */
const stateOf = (u: User, version: number) => ({ data: { user: userState(u) }, sequence: version });
const signInActor = (identity: SignInIdentity, user: User) => ({
  type: 'sign-in' as const,
  id: identity.federatedId ?? identity.cognitoUsername ?? user.id,
  slug: identity.email ?? user.email,
});

/** An invited user's first SSO sign-in accepts the invite: the link is spent, as if they had clicked it. */
async function acceptInviteBySso(table: Table, tx: Transaction, tenantId: string, user: User, actor: ReturnType<typeof signInActor>, context: SignInContext) {
  const record = await table.get<ActionRecord>(actionRecordKey({ kind: 'invite', tenantId, userId: user.id, id: '' }));
  const redeemable = record && !record.usedAt && Date.parse(record.expiresAt) > Date.now();
  if (redeemable) addRedemption(tx, record);
  recordAudit(tx, {
    tenantId,
    actor,
    action: 'user.invite_accepted',
    target: targetOf(user),
    requestId: context.requestId,
    details: { via: 'sso', trigger: context.trigger },
    ...stateOf(user, user.version),
  });
}

/** Records the sign-in time without a version bump (it is not a change of the person), at most once a minute. */
async function touchLastAccess(table: Table, user: User, now: string): Promise<void> {
  if (user.lastAccessedAt && Date.parse(now) - Date.parse(user.lastAccessedAt) < LAST_ACCESS_RESOLUTION_MS) return;
  try {
    await table.update({
      Key: keys.user(user.tenantId, user.id),
      UpdateExpression: 'SET lastAccessedAt = :now',
      ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(lastAccessedAt) OR lastAccessedAt < :threshold)',
      ExpressionAttributeValues: { ':now': now, ':threshold': new Date(Date.parse(now) - LAST_ACCESS_RESOLUTION_MS).toISOString() },
    });
  } catch (error) {
    // A concurrent sign-in recorded it; a throttled write is not worth failing a sign-in over.
    if (!isConditionalCheckFailed(error) && !(error instanceof AppError)) throw error;
  }
}
