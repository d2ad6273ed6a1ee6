/**
 * A tenant and its provisioning settings. Exactly one provisioning mode at a time;
 * JIT needs SSO configured and enforced, because a JIT tenant trusts its IdP to
 * say who exists.
 */
import * as z from '../validation/zod.js';
import type { AttributeMapping, SignInClient, SsoConfig } from './sign-in-settings.js';

export type { AttributeMapping, SignInClient, SsoConfig } from './sign-in-settings.js';

/** Tenant ids appear in SCIM base URLs; Okta rejects `_` there, so only lowercase letters, digits and `-`. */
export const TenantId = z
  .string()
  .check(
    z.regex(
      /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
      'tenant id: lowercase letters, digits and "-" only (no "_"), 1 to 63 characters, not starting or ending with "-"',
    ),
  );

export const ProvisioningMode = z.enum(['scim', 'jit', 'invite-only']);
export type ProvisioningMode = z.infer<typeof ProvisioningMode>;

export const SCIM_GROUP_NAMES = ['slug', 'strict'] as const;
export type ScimGroupNames = (typeof SCIM_GROUP_NAMES)[number];

/** Tenants stored before the setting existed slug their group names. */
export const scimGroupNamesOf = (tenant: Pick<Tenant, 'scimGroupNames'>): ScimGroupNames => tenant.scimGroupNames ?? 'slug';

export interface Tenant {
  id: string;
  displayName: string;
  mode: ProvisioningMode;
  sso?: SsoConfig;
  ssoEnforced: boolean;
  /** Emails allowed to sign in with a password while SSO is enforced. */
  breakGlassEmails: string[];
  /**
   * Link an IdP identity to an existing user by an email the IdP did not assert as verified
   * (`email_verified`). Off unless an admin (or the deployment, at creation) says the IdP's emails
   * are the tenant's own; absent on tenants written before the setting existed, which is off.
   */
  trustIdpEmails?: boolean;
  /**
   * How a SCIM group's displayName becomes a team name: `slug` (absent: the
   * default) derives it by the rule of shared/teams/team-slug.ts, so any IdP group
   * name syncs; `strict` refuses a displayName that breaks the team-name rule.
   */
  scimGroupNames?: ScimGroupNames;
  attributeMapping: z.infer<typeof AttributeMapping>;
  mailFrom?: string;
  /** The tenant's Cognito user pool and app client. */
  userPoolId?: string;
  appClientId?: string;
  /** Issuer of the pool's tokens (Cognito's URL in AWS, the emulator's locally). */
  jwtIssuer?: string;
  patMaxLifetimeDays: number;
  /** The browser sign-in client; absent: no `/auth/{tenantId}/login` for this tenant. */
  signInClient?: SignInClient;
  /** Where a completed browser sign-in hands the session (the console); absent: the callback answers JSON. */
  consoleUrl?: string;
  /**
   * Origins besides the console's that invite and reset links may point to
   * (./link-origins.ts); absent on tenants stored before it existed: none.
   */
  linkOrigins?: string[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

export const DEFAULT_PAT_MAX_LIFETIME_DAYS = 365;
