/** The users routes of the admin API (`/api/svc/v1/users...`). */
import { request, send } from './http.js';
import { queryString, segment } from './query.js';
import type { AuditEventsAbout, Page, TenantRole, User, UserPermissions, UserSource, UserTeam } from './types.js';

const USERS = '/api/svc/v1/users';

export interface UserListQuery {
  limit: number;
  offset: number;
  /** Substring of the email, case-insensitive. */
  query?: string;
  showInvalidUsers?: boolean;
  status?: 'active' | 'invite-pending' | 'deactivated';
  role?: TenantRole;
  source?: UserSource;
  sort?: 'email' | 'name' | 'lastAccess';
  order?: 'asc' | 'desc';
}

export const listUsers = (q: UserListQuery, signal?: AbortSignal) =>
  request<Page<User>>('GET', `${USERS}${queryString({ ...q, showInvalidUsers: q.showInvalidUsers || undefined })}`, { signal });

export const getUser = (id: string, signal?: AbortSignal) => request<{ data: User }>('GET', `${USERS}/${segment(id)}`, { signal });

const X_USERS = '/api/svc/v1/x/users';

/** The teams a user is in (`everyone` included while they are active). */
export const listUserTeams = (id: string, signal?: AbortSignal) => request<{ data: UserTeam[] }>('GET', `${X_USERS}/${segment(id)}/teams`, { signal });

/** A user's resource roles, each with where it comes from (direct or a team). */
export const getUserPermissions = (id: string, signal?: AbortSignal) =>
  request<{ data: UserPermissions }>('GET', `${X_USERS}/${segment(id)}/permissions`, { signal });

/** The audit events about a user, newest first; `before` is the previous page's `nextBefore`. */
export const listAuditEventsAbout = (id: string, q: { limit: number; before?: string }, signal?: AbortSignal) =>
  request<AuditEventsAbout>('GET', `${X_USERS}/${segment(id)}/audit-logs${queryString(q)}`, { signal });

/** What an invite may say about the new user besides their address; a resent invite keeps the pending user's role. */
export interface Invitee {
  role?: TenantRole;
  name?: { givenName?: string; familyName?: string };
}

/** Invites by email and mails the set-password link; for a user whose invite is pending, sends a fresh one. */
export async function inviteUser(email: string, acceptInviteClientUrl: string, invitee: Invitee = {}): Promise<{ user: User; resent: boolean }> {
  const res = await send<{ link: string; data: User }>('POST', `${USERS}/invite`, { body: { email, acceptInviteClientUrl, ...invitee } });
  return { user: res.body.data, resent: res.status === 200 };
}

/** Adds a user without mailing anything (they sign in with SSO, or are invited later). */
export const registerUser = (email: string, invitee: Invitee = {}) =>
  request<{ data: User; created: boolean }>('POST', `${USERS}/register`, { body: { email, sendInviteEmail: false, ...invitee } });

/** Checks an address without writing anything: resolves for a new address, fails with `user.exists` for a member. */
export const checkInvitee = (email: string, invitee: Invitee = {}) =>
  request<{ data: User; created: boolean; dryRun: true }>('POST', `${USERS}/register`, { body: { email, dryRun: true, ...invitee } });

export const setUserActive = (email: string, active: boolean) =>
  request<{ data: User }>('PATCH', `${USERS}/${active ? 'activate' : 'deactivate'}`, { body: { email } });

export const setUserRole = (email: string, role: TenantRole) => request<{ data: User }>('PATCH', `${USERS}/roles`, { body: { email, roles: [role] } });

/** Without `force`, refused with `user.delete_blocked` (details: {@link DeleteBlockers}) while the user has teams or roles. */
export const deleteUser = (id: string, force: boolean) =>
  request<{ data: { id: string; deleted: true } }>('DELETE', `${USERS}/${segment(id)}${queryString({ forceDelete: force || undefined })}`);

export const sendPasswordReset = (email: string, resetPasswordClientUrl: string) =>
  request<{ data: { message: string } }>('POST', '/api/svc/v1/x/users/forgot-password', { body: { email, resetPasswordClientUrl } });

/** What the page behind an emailed link may show before the token is used; every unusable link is 400 `link.not_usable`. */
export interface LinkInfo {
  kind: 'invite' | 'reset';
  organization: string;
  email: string;
  /** Accepting should ask for the person's name (none is known, and the tenant lets people set their own). */
  askName: boolean;
}

/** Describes an invite or reset link without using it (anonymous; reading never spends the token). */
export const describeLink = (kind: LinkInfo['kind'], token: string, tenantId?: string, signal?: AbortSignal) =>
  request<{ data: LinkInfo }>('POST', `${X_USERS}/link-info`, { body: { kind, token, ...(tenantId ? { tenantId } : {}) }, anonymous: true, signal });

export const acceptInvite = (token: string, password: string, name?: { givenName?: string; familyName?: string }) =>
  request<{ data: User }>('POST', `${USERS}/accept-invite`, { body: { token, password, ...(name ? { name } : {}) }, anonymous: true });

export const resetPassword = (token: string, newPassword: string) =>
  request<{ data: { message: string } }>('POST', `${USERS}/reset-password`, { body: { token, newPassword }, anonymous: true });
