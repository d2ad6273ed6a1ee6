/**
 * Refused sign-ins: the error a person reads (Cognito shows a trigger's error
 * message on its sign-in page; the callback route answers it), and the audit
 * event each refusal leaves. Cognito retries a trigger that fails or times out,
 * so the audit write is de-duplicated: one event per identity, reason and
 * trigger within a short window, by a conditional put on a marker that expires.
 */
import { createHash } from 'node:crypto';
import { auditItem } from '../audit/audit-event.js';
import { ForbiddenError } from '../errors/app-error.js';
import { logger } from '../observability/logger.js';
import { keys } from '../storage/keys.js';
import { TTL_ATTRIBUTE } from '../storage/table-definition.js';
import type { Table } from '../storage/table.js';
import { Transaction } from '../storage/transaction.js';
import { ConflictError } from '../errors/app-error.js';
import type { Tenant } from '../tenants/tenant.js';
import type { User } from '../users/user.js';
import type { SignInIdentity } from './sign-in-identity.js';

export type RefusalReason =
  | 'not_provisioned'
  | 'deactivated'
  | 'sso_required'
  | 'identity_conflict'
  | 'identity_taken'
  | 'account_conflict'
  | 'invite_pending'
  | 'password_not_set'
  | 'email_unverified'
  | 'link_not_allowed'
  | 'self_sign_up';

export class SignInRefusedError extends ForbiddenError {
  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(`signin.${reason}`, message);
  }
}

export function refusalMessage(reason: RefusalReason, tenant: Pick<Tenant, 'displayName' | 'sso'>): string {
  switch (reason) {
    case 'not_provisioned':
      return `Your account has not been provisioned for ${tenant.displayName}. Ask your administrator.`;
    case 'deactivated':
      return `Your account is deactivated. Ask your administrator of ${tenant.displayName} to reactivate it.`;
    case 'sso_required':
      return `Password sign-in is turned off for ${tenant.displayName}. Sign in with single sign-on${tenant.sso ? ` (${tenant.sso.providerName})` : ''}.`;
    case 'identity_conflict':
      return `Your account in ${tenant.displayName} is linked to a different single sign-on identity. Ask your administrator.`;
    case 'identity_taken':
      return `This single sign-on identity is already linked to another user of ${tenant.displayName}. Sign in with the identity of your own account, or ask your administrator.`;
    case 'account_conflict':
      return `Your sign-in account for ${tenant.displayName} is claimed by more than one user. Ask your administrator.`;
    case 'invite_pending':
      return `Your invitation to ${tenant.displayName} has not been accepted yet. Open the link in your invitation email to set your password.`;
    case 'password_not_set':
      return `Your account in ${tenant.displayName} has no password. Sign in with single sign-on, or ask your administrator for a password reset.`;
    case 'email_unverified':
      return `Your identity provider did not confirm your email address, so ${tenant.displayName} cannot use it to find or create your account. Ask your administrator.`;
    case 'self_sign_up':
      return `Accounts for ${tenant.displayName} are created by its administrators. Ask your administrator for an invitation.`;
    case 'link_not_allowed':
      return `Your account in ${tenant.displayName} signs in with a password or administers the tenant, so single sign-on is not linked to it by email. Sign in with your password, or ask your administrator.`;
  }
}

/** Audit de-duplication: Cognito's retries of one trigger land well within this many seconds of each other. */
export const REFUSAL_DEDUP_SECONDS = 60;

/**
 * Records the refusal and returns the error to throw; the same refusal (identity,
 * reason, trigger) within REFUSAL_DEDUP_SECONDS of the one recorded is not
 * recorded again. The span runs from that record, not from a clock boundary, so
 * a retry burst is one event even when it straddles a minute.
 * A failure to audit never turns a refusal into an acceptance, nor hides it.
 */
export async function refuseSignIn(
  table: Table,
  tenant: Tenant,
  identity: SignInIdentity,
  reason: RefusalReason,
  context: { trigger: string; user?: User; requestId?: string },
  now = Date.now(),
): Promise<SignInRefusedError> {
  const error = new SignInRefusedError(reason, refusalMessage(reason, tenant));
  const who = identity.federatedId ?? identity.cognitoUsername ?? identity.email ?? 'unknown';
  const dedupKey = createHash('sha256').update(`${tenant.id}\n${who}\n${reason}\n${context.trigger}`).digest('hex');
  const recordedUntil = now + REFUSAL_DEDUP_SECONDS * 1000;
  const tx = new Transaction(table);
  // TTL deletion lags; a marker past its span is taken over, not honoured.
  tx.put(
    {
      ...keys.idempotency('signin-refusal', dedupKey),
      entity: 'idempotency',
      recordedUntil,
      [TTL_ATTRIBUTE]: Math.floor(recordedUntil / 1000) + REFUSAL_DEDUP_SECONDS,
    },
    {
      condition: 'attribute_not_exists(PK) OR recordedUntil <= :now',
      values: { ':now': now },
      onConditionFailed: () => new ConflictError('signin.refusal_recorded', 'Refusal already recorded'),
    },
  );
  tx.put(
    auditItem({
      tenantId: tenant.id,
      actor: { type: 'sign-in', id: who, slug: identity.email },
      action: 'sign_in.refused',
      target: context.user
        ? { type: 'user', id: context.user.id, slug: context.user.email ?? context.user.userName }
        : { type: 'identity', id: who, slug: identity.email },
      requestId: context.requestId,
      details: { reason, trigger: context.trigger, method: identity.method, provider: identity.providerName },
      data: {
        reason,
        trigger: context.trigger,
        method: identity.method,
        ...(identity.providerName ? { provider: identity.providerName } : {}),
        ...(context.user ? { userId: context.user.id } : {}),
      },
    }),
  );
  try {
    await tx.commit();
  } catch (auditError) {
    if (!(auditError instanceof ConflictError && auditError.code === 'signin.refusal_recorded')) {
      logger.error('Could not audit a refused sign-in', { error: auditError as Error, reason, tenantId: tenant.id });
    }
  }
  return error;
}
