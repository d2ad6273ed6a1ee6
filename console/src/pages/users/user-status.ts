/**
 * What the users table says about a user, derived from the API's user view:
 * the role and status tags, and which actions apply. Kept free of React so it
 * is tested directly.
 */
import type { ProvisioningModeName, TenantRole, User } from '../../api/types.js';
import type { TagTone } from '../../components/Tag.js';
import type { UserAction } from './UserDialogs.js';
import { plural } from '../../format.js';

export interface StatusTag {
  label: 'Invite Pending' | 'Deactivated' | 'SCIM' | 'JIT' | 'Not in IdP';
  tone: TagTone;
}

/** The user's one tenant role: the API always sends exactly one. */
export const roleOf = (user: User): TenantRole => user.roles[0]!;
export const roleLabel = (role: TenantRole): 'Admin' | 'Member' => (role === 'tenant-admin' ? 'Admin' : 'Member');

/**
 * The status tags of a row, in reading order. In SCIM mode, where the IdP is the
 * directory, a person an admin invited from outside it is tagged as such.
 */
export function statusTags(user: User, mode?: ProvisioningModeName): StatusTag[] {
  const tags: StatusTag[] = [];
  if (!user.active) tags.push({ label: 'Deactivated', tone: 'danger' });
  else if (!user.metadata.inviteAccepted) tags.push({ label: 'Invite Pending', tone: 'warning' });
  if (user.metadata.source === 'scim') tags.push({ label: 'SCIM', tone: 'info' });
  if (user.metadata.source === 'jit') tags.push({ label: 'JIT', tone: 'info' });
  if (mode === 'scim' && !user.metadata.registeredInIdp) tags.push({ label: 'Not in IdP', tone: 'neutral' });
  return tags;
}

/** Whether the user signs in through an identity provider: pushed by SCIM, created at SSO sign-in, or linked to an SSO identity. */
export const signsInWithSso = (user: User): boolean => user.metadata.source === 'scim' || user.metadata.source === 'jit' || user.metadata.ssoName !== undefined;

/**
 * Whether "Reset password" applies: an active user who has a password and does
 * not sign in through SSO. (A pending invite is re-sent instead.)
 */
export const canResetPassword = (user: User): boolean => user.active && user.metadata.inviteAccepted && user.metadata.hasPassword && !signsInWithSso(user);

/** Whether "Resend invite" applies: an active user who has not accepted their invite. */
export const canResendInvite = (user: User): boolean => user.active && !user.metadata.inviteAccepted;

/** The name column: the display name, else nothing to show. */
export const displayNameOf = (user: User): string | undefined => user.metadata.displayName?.trim() || undefined;

/** Exactly what the forced delete does, in one sentence. */
export function forceSummary(email: string, teams: number, roles: number): string {
  const parts = [teams ? `remove ${email} from ${plural(teams, 'team')}` : '', roles ? `revoke ${plural(roles, 'resource role')}` : ''].filter(Boolean);
  return `This will ${parts.join(' and ')}, then delete the user.`;
}

/** The actions an admin has on a user, in menu order, with their labels. */
export function userActions(user: User): Array<{ action: UserAction; label: string; danger?: boolean }> {
  const items: Array<{ action: UserAction; label: string; danger?: boolean }> = [{ action: 'role', label: 'Change role' }];
  items.push(user.active ? { action: 'deactivate', label: 'Deactivate' } : { action: 'activate', label: 'Activate' });
  if (canResendInvite(user)) items.push({ action: 'resend', label: 'Resend invite' });
  if (canResetPassword(user)) items.push({ action: 'reset', label: 'Reset password' });
  items.push({ action: 'delete', label: 'Delete', danger: true });
  return items;
}

const SOURCE_LABELS: Record<User['metadata']['source'], string> = {
  scim: 'SCIM (pushed by the identity provider)',
  jit: 'Just-in-time (created at first SSO sign-in)',
  invite: 'Invited by an admin',
  seed: 'Seeded with the tenant',
};

/** Where the user came from, in words. */
export const sourceLabel = (user: User): string => SOURCE_LABELS[user.metadata.source];
