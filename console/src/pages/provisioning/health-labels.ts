/** Words for the Provisioning page's health section: sign-in refusal reasons and methods. */
import type { RefusalReason } from '../../../../shared/signin/sign-in-refusal.js';

const REFUSALS: Record<RefusalReason, string> = {
  not_provisioned: 'not provisioned in this tenant',
  deactivated: 'user deactivated',
  sso_required: 'single sign-on required',
  identity_conflict: 'identity bound to another user',
  identity_taken: 'identity already taken',
  account_conflict: 'account claimed by more than one user',
  invite_pending: 'invitation not accepted yet',
  password_not_set: 'no password set',
  email_unverified: 'email not verified by the identity provider',
  link_not_allowed: 'linking by email not allowed',
  self_sign_up: 'self sign-up is off',
};

/** A refusal reason in words; a reason this console does not know yet is shown as its code. */
export const refusalLabel = (reason: string | undefined): string => (reason ? (REFUSALS[reason as RefusalReason] ?? reason) : 'reason not recorded');

export const signInMethodLabel = (method: 'federated' | 'password'): string => (method === 'federated' ? 'single sign-on' : 'password');
