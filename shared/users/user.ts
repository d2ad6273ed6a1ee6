/**
 * The user of a tenant, as the domain sees it. SCIM, the admin API and the
 * sign-in triggers all read and write this one shape; each maps it at its edge.
 */

export type TenantRole = 'tenant-admin' | 'tenant-member';
export const TENANT_ROLES: readonly TenantRole[] = ['tenant-admin', 'tenant-member'];

/** How the user came to exist. */
export const USER_SOURCES = ['scim', 'jit', 'invite', 'seed'] as const;
export type UserSource = (typeof USER_SOURCES)[number];

export interface UserEmail {
  value: string;
  type?: string;
  primary?: boolean;
  display?: string;
}

export interface UserName {
  formatted?: string;
  familyName?: string;
  givenName?: string;
  middleName?: string;
  honorificPrefix?: string;
  honorificSuffix?: string;
}

export interface User {
  tenantId: string;
  id: string;
  /** SCIM userName; for invited and JIT users, their email. Unique per tenant, case-insensitively. */
  userName: string;
  /**
   * The login email: unique per tenant, case-insensitively; stored as given.
   * Absent only for SCIM users whose IdP sent no email at all.
   */
  email?: string;
  /** Every email of the user (SCIM `emails`); the login email is one of them. */
  emails: UserEmail[];
  displayName?: string;
  name?: UserName;
  externalId?: string;
  active: boolean;
  role: TenantRole;
  source: UserSource;
  /** False while an invite is pending; true once accepted or for users that never needed one. */
  inviteAccepted: boolean;
  /** True when the user can sign in with a password (SSO-only users cannot reset one). */
  hasPassword: boolean;
  /** Name of the SSO provider the user signs in with, if any. */
  ssoName?: string;
  /** Cognito username in the tenant's pool, once the user exists there. */
  cognitoUsername?: string;
  /** Federated identity (`<Provider>_<subject>`) for JIT and SSO-linked users. */
  federatedId?: string;
  /** Remaining SCIM attributes (phoneNumbers, addresses, enterprise extension, ...), kept as sent. */
  scim?: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  lastAccessedAt?: string;
  /**
   * Set on deactivation: sessions (JWTs) issued before it stay refused after a
   * reactivation, as Cognito's global sign-out revoked them.
   */
  sessionsRevokedAt?: string;
  /**
   * Advanced with every revocation of all the user's PATs (each stamp of
   * `sessionsRevokedAt`, and an admin's revoke-all): a PAT is honoured only
   * while it carries the user's current generation, whatever the clocks said.
   * Absent: 0.
   */
  patGeneration?: number;
  /**
   * Advanced whenever every link issued so far (mailed invites and password
   * resets, and pending SSO link requests) must stop working: the password set
   * or changed, the login email changed, a deactivation. A link is honoured only
   * at the generation it was issued under, so a leaked one dies with the change
   * it would have undone. Absent: 0.
   */
  linkGeneration?: number;
  version: number;
}

export const linkGenerationOf = (user: Pick<User, 'linkGeneration'>): number => user.linkGeneration ?? 0;

/** The login email of a set of emails: the primary one, else a work one, else the first. */
export function loginEmailOf(emails: readonly UserEmail[]): string | undefined {
  return (emails.find((e) => e.primary) ?? emails.find((e) => e.type === 'work') ?? emails[0])?.value;
}

export const isAdmin = (user: Pick<User, 'role'>): boolean => user.role === 'tenant-admin';
