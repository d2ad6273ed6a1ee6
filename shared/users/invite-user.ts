/**
 * Registering and inviting people, in any provisioning mode (invites are how
 * people outside the IdP get in). The user starts invite-pending
 * (`inviteAccepted: false`, `source: 'invite'`, the role asked for, member by
 * default, and the name when the admin gave one); in the same
 * transaction come the Cognito creation (no password, no Cognito mail, via the
 * identity-sync outbox), the invite record with the hash of its derived token,
 * the mail request when a mail is wanted, and the audit event. The link's client
 * URL must be on an origin the tenant allows (../tenants/link-origins.ts).
 */
import { userState } from '../events/event-state.js';
import { randomUUID } from 'node:crypto';
import { recordAudit, type Actor } from '../audit/audit-event.js';
import { ConflictError } from '../errors/app-error.js';
import { enqueueActionMail } from './action-mail.js';
import type { Table } from '../storage/table.js';
import { Transaction } from '../storage/transaction.js';
import { requireLinkTarget } from '../tenants/link-origins.js';
import type { Tenant } from '../tenants/tenant.js';
import { keys } from '../storage/keys.js';
import { addActionRecord, type ActionRecord } from './action-record.js';
import { actionLink, deriveActionToken } from '../tokens/action-token.js';
import { addLifecycleEffects } from './lifecycle.js';
import { UserRepository, UserVersionConflictError } from './user-repository.js';
import { normalizeEmail } from './identity-string.js';
import { displayNameFrom, userNameOf, type GivenFamilyName } from './person-name.js';
import { linkGenerationOf, type TenantRole, type User } from './user.js';

export interface InviteUserInput {
  tenant: Tenant;
  email: string;
  actor: Actor;
  requestId?: string;
  /** Issue an invite link (returned) and, with `sendEmail`, mail it. Without it the user is only pre-registered. */
  invite: boolean;
  sendEmail: boolean;
  /** Where the link points; required when `invite`, on an origin the tenant allows. */
  clientUrl?: string;
  /** The request field that carried `clientUrl`, named in a refusal. */
  clientUrlField?: string;
  /** An existing user is returned unchanged instead of a 409. */
  skipIfUserExists?: boolean;
  /**
   * A user whose invite is still pending gets a fresh invite (the previous link
   * stops working) instead of a 409: how an admin resends an invite.
   */
  resendIfPending?: boolean;
  /** Validate only: nothing is written. */
  dryRun?: boolean;
  /** The tenant role the new user gets (default member). A pending user's resent invite keeps their role. */
  role?: TenantRole;
  /** The person's name, when the admin knows it: SCIM clients read it, and the console shows it. */
  name?: GivenFamilyName;
}

export interface InviteUserResult {
  user: User;
  /** False when the user existed (skipIfUserExists) or for a dry run. */
  created: boolean;
  link?: string;
}

export class UserExistsError extends ConflictError {
  constructor(email: string) {
    super('user.exists', `A user with email ${email} already exists in this tenant`);
  }
}

export async function inviteUser(table: Table, request: InviteUserInput): Promise<InviteUserResult> {
  const input =
    request.invite && request.clientUrl
      ? { ...request, clientUrl: requireLinkTarget(request.tenant, request.clientUrl, request.clientUrlField ?? 'acceptInviteClientUrl') }
      : request;
  const email = normalizeEmail(input.email);
  const users = new UserRepository(table);
  const existing = (await users.findByAnyEmail(input.tenant.id, email))[0] ?? (await users.findByUserName(input.tenant.id, email));
  if (existing) {
    if (input.skipIfUserExists) return { user: existing, created: false };
    if (input.invite && input.clientUrl && !existing.inviteAccepted && !input.dryRun && input.requestId) {
      const redelivered = await answerRedelivery(table, existing, input.requestId, input.clientUrl);
      if (redelivered) return redelivered;
    }
    if (input.resendIfPending && input.invite && input.clientUrl && existing.active && !existing.inviteAccepted && !input.dryRun) {
      return { user: existing, created: false, link: await resendInvite(table, input, existing, input.clientUrl) };
    }
    throw new UserExistsError(email);
  }
  const now = new Date().toISOString();
  const name = userNameOf(input.name);
  const user: User = {
    tenantId: input.tenant.id,
    id: randomUUID(),
    userName: email,
    email,
    emails: [{ value: email, type: 'work', primary: true }],
    ...(name ? { name, displayName: displayNameFrom(name) } : {}),
    active: true,
    role: input.role ?? 'tenant-member',
    source: 'invite',
    inviteAccepted: false,
    hasPassword: false,
    // Sign-in is by email; a pool with email as username attribute maps it to its own sub.
    ...(input.tenant.userPoolId ? { cognitoUsername: email.toLowerCase() } : {}),
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  if (input.dryRun) return { user, created: false };

  const tx = new Transaction(table);
  users.create(tx, user);
  addLifecycleEffects(tx, input.tenant, undefined, user);
  let link: string | undefined;
  let mailId: string | undefined;
  if (input.invite && input.clientUrl) {
    const { record, token } = addActionRecord(tx, 'invite', input.tenant.id, user.id, new Date(), { requestId: input.requestId, createdUser: true });
    link = actionLink(input.clientUrl, token);
    if (input.sendEmail) mailId = enqueueActionMail(tx, { tenant: input.tenant, to: email, record, clientUrl: input.clientUrl }).id;
  }
  recordAudit(tx, {
    tenantId: input.tenant.id,
    actor: input.actor,
    action: input.invite ? 'user.invited' : 'user.registered',
    target: { type: 'user', id: user.id, slug: email },
    requestId: input.requestId,
    details: { role: user.role, source: user.source, ...(mailId ? { mailId } : {}) },
    data: { user: userState(user) },
    sequence: user.version,
  });
  await tx.commit();
  return { user, created: true, ...(link ? { link } : {}) };
}

/** Replaces a pending user's invite: the old token's secret record goes, so its link stops working at once. */
async function resendInvite(table: Table, input: InviteUserInput, user: User, clientUrl: string): Promise<string> {
  const previous = await table.get<ActionRecord>(keys.invite(user.tenantId, user.id));
  const tx = new Transaction(table);
  if (previous) tx.delete(keys.secret(previous.hash));
  const { record, token } = addActionRecord(tx, 'invite', user.tenantId, user.id, new Date(), {
    requestId: input.requestId,
    createdUser: false,
    generation: linkGenerationOf(user),
  });
  const mailId = input.sendEmail ? enqueueActionMail(tx, { tenant: input.tenant, to: user.email ?? user.userName, record, clientUrl }).id : undefined;
  // Guards against the user accepting or changing meanwhile.
  tx.check(keys.user(user.tenantId, user.id), {
    condition: '#v = :v',
    names: { '#v': 'version' },
    values: { ':v': user.version },
    onConditionFailed: () => new UserVersionConflictError(user.id),
  });
  recordAudit(tx, {
    tenantId: user.tenantId,
    actor: input.actor,
    action: 'user.invite_resent',
    target: { type: 'user', id: user.id, slug: user.email ?? user.userName },
    requestId: input.requestId,
    details: { ...(mailId ? { mailId } : {}), ...(previous ? { replacedInvite: previous.id } : {}) },
    data: { user: userState(user) },
    sequence: user.version,
  });
  await tx.commit();
  return actionLink(clientUrl, token);
}

/**
 * The same request delivered again (a Lambda retried after a timeout) finds the
 * invite it issued: it is answered as the first delivery was, with the same link
 * (derived again from the record), and nothing is written or mailed twice.
 */
async function answerRedelivery(table: Table, user: User, requestId: string, clientUrl: string): Promise<InviteUserResult | undefined> {
  const record = await table.get<ActionRecord>(keys.invite(user.tenantId, user.id));
  if (!record || record.requestId !== requestId || record.usedAt) return undefined;
  return { user, created: record.createdUser === true, link: actionLink(clientUrl, deriveActionToken('invite', record.id, record.nonce).token) };
}
