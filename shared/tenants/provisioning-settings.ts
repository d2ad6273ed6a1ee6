/**
 * A tenant's provisioning settings as tenant admins run them: exactly one mode,
 * SSO enforcement, the break-glass accounts, whether the IdP's unverified
 * emails are trusted for linking an identity to an existing user, and the
 * origins its mail links may point to (./link-origins.ts). Changes are guarded by the
 * tenant's version (a lost race is a 412, never a silent overwrite) and audited
 * in the same transaction. Nothing caches these settings: every request, SCIM
 * call and sign-in reads the tenant item, so a change applies to the next one.
 */
import { tenantState } from '../events/event-state.js';
import * as z from '../validation/zod.js';
import { recordAudit, diffAttributes, type Actor } from '../audit/audit-event.js';
import { scimBaseUrl } from '../config/public-urls.js';
import { BadRequestError, PreconditionFailedError } from '../errors/app-error.js';
import { readComputeCommit } from '../storage/lost-race.js';
import type { Table } from '../storage/table.js';
import { Transaction } from '../storage/transaction.js';
import { allowedLinkOrigins, distinctOrigins, LinkOrigins } from './link-origins.js';
import { CAPABILITY_MATRIX, capabilityMatrix, type ModeCapabilities } from './capabilities.js';
import { TenantRepository } from './tenant-repository.js';
import { ProvisioningMode, SCIM_GROUP_NAMES, scimGroupNamesOf, type ScimGroupNames, type Tenant } from './tenant.js';

export const MAX_BREAK_GLASS_EMAILS = 5;

/** The PUT body. `mode` is required: the page always submits one mode, never "no mode". */
export const ProvisioningSettingsChange = z.strictObject({
  mode: ProvisioningMode,
  ssoEnforced: z.optional(z.boolean()),
  // trim before the email check, as the classic chain did (z.email().check(z.trim()) would check the untrimmed string)
  breakGlassEmails: z.optional(z.array(z.string().check(z.trim(), z.email(), z.maxLength(254))).check(z.maxLength(MAX_BREAK_GLASS_EMAILS))),
  trustIdpEmails: z.optional(z.boolean()),
  /** Replaces the configured link origins (the console's origin is always allowed besides). */
  linkOrigins: z.optional(LinkOrigins),
  /** `strict`: a SCIM group whose displayName breaks the team-name rule is refused (400) instead of slugged. */
  scimGroupNames: z.optional(z.enum(SCIM_GROUP_NAMES, { error: 'must be slug or strict' })),
});
export type ProvisioningSettingsChange = z.infer<typeof ProvisioningSettingsChange>;

export interface ModeOption extends ModeCapabilities {
  /** Whether the mode can be selected with the tenant's current SSO setup. */
  available: boolean;
  unavailableReason?: string;
}

export interface ProvisioningSettingsView {
  tenantId: string;
  mode: Tenant['mode'];
  ssoConfigured: boolean;
  ssoEnforced: boolean;
  breakGlassEmails: string[];
  trustIdpEmails: boolean;
  /** Origins configured for invite and reset links, besides the console's. */
  linkOrigins: string[];
  /** Every origin a client URL may have now: the console's, then `linkOrigins`. */
  allowedLinkOrigins: string[];
  scimUrl: string;
  scimEnabled: boolean;
  scimGroupNames: ScimGroupNames;
  /** What the current mode lets each actor do. */
  capabilities: ModeCapabilities;
  /** Every mode with its capabilities, for the settings page. */
  modes: ModeOption[];
  version: number;
  updatedAt: string;
}

const JIT_NEEDS_SSO =
  'JIT provisioning requires single sign-on to be configured and enforced: configure an identity provider for this tenant and set ssoEnforced to true';
const ENFORCE_NEEDS_SSO = 'ssoEnforced cannot be true: no single sign-on identity provider is configured for this tenant';

/** Why `mode` cannot be used with this SSO setup, or undefined when it can. */
export function modeUnavailableReason(mode: Tenant['mode'], sso: { configured: boolean; enforced: boolean }): string | undefined {
  if (mode === 'jit' && !(sso.configured && sso.enforced)) return JIT_NEEDS_SSO;
  return undefined;
}

export function provisioningSettingsView(tenant: Tenant): ProvisioningSettingsView {
  const sso = { configured: Boolean(tenant.sso), enforced: tenant.ssoEnforced };
  return {
    tenantId: tenant.id,
    mode: tenant.mode,
    ssoConfigured: sso.configured,
    ssoEnforced: tenant.ssoEnforced,
    breakGlassEmails: tenant.breakGlassEmails,
    trustIdpEmails: tenant.trustIdpEmails === true,
    linkOrigins: tenant.linkOrigins ?? [],
    allowedLinkOrigins: allowedLinkOrigins(tenant),
    scimUrl: scimBaseUrl(tenant.id),
    scimEnabled: tenant.mode === 'scim',
    scimGroupNames: scimGroupNamesOf(tenant),
    capabilities: CAPABILITY_MATRIX[tenant.mode],
    modes: capabilityMatrix().map((m) => {
      // Availability assumes enforcement is switched on with the mode, as the page does for JIT.
      const reason = modeUnavailableReason(m.mode, { configured: sso.configured, enforced: sso.configured });
      return reason ? { ...m, available: false, unavailableReason: reason } : { ...m, available: true };
    }),
    version: tenant.version,
    updatedAt: tenant.updatedAt,
  };
}

/** The settings `change` makes of `tenant`, or a 400 naming the rule it breaks. */
export function applyProvisioningChange(tenant: Tenant, change: ProvisioningSettingsChange, now: string): Tenant {
  const ssoEnforced = change.ssoEnforced ?? tenant.ssoEnforced;
  if (ssoEnforced && !tenant.sso) {
    throw new BadRequestError('provisioning.sso_not_configured', ENFORCE_NEEDS_SSO, {
      details: [{ field: 'ssoEnforced', message: ENFORCE_NEEDS_SSO }],
    });
  }
  const reason = modeUnavailableReason(change.mode, { configured: Boolean(tenant.sso), enforced: ssoEnforced });
  if (reason) {
    throw new BadRequestError('provisioning.jit_requires_sso', reason, { details: [{ field: 'mode', message: reason }] });
  }
  const breakGlassEmails = change.breakGlassEmails ? [...new Set(change.breakGlassEmails.map((e) => e.toLowerCase()))] : tenant.breakGlassEmails;
  const trustIdpEmails = change.trustIdpEmails ?? tenant.trustIdpEmails === true;
  const linkOrigins = change.linkOrigins ? distinctOrigins(change.linkOrigins) : tenant.linkOrigins;
  const scimGroupNames = change.scimGroupNames ?? scimGroupNamesOf(tenant);
  return {
    ...tenant,
    mode: change.mode,
    ssoEnforced,
    breakGlassEmails,
    trustIdpEmails,
    ...(linkOrigins ? { linkOrigins } : {}),
    scimGroupNames,
    updatedAt: now,
  };
}

const SETTINGS_FIELDS = ['mode', 'ssoEnforced', 'breakGlassEmails'] as const;
// A tenant stored before a setting existed has its default (not trusted, no extra origins, slugged group
// names); reading it so is no change.
const settingsOf = (t: Tenant) => ({
  ...Object.fromEntries(SETTINGS_FIELDS.map((f) => [f, t[f]])),
  trustIdpEmails: t.trustIdpEmails === true,
  linkOrigins: t.linkOrigins ?? [],
  scimGroupNames: scimGroupNamesOf(t),
});

/**
 * Applies `change` to the tenant's settings. With `expectedVersion` (If-Match)
 * a tenant changed since is a 412; without it, a lost race is re-read and
 * re-applied, as a PUT without a precondition means "this is what I want now"
 * (the 412 is the answer only if it keeps losing). An unchanged setting writes
 * nothing and audits nothing.
 */
export async function updateProvisioningSettings(
  table: Table,
  input: { tenantId: string; change: ProvisioningSettingsChange; actor: Actor; requestId?: string; expectedVersion?: number },
): Promise<Tenant> {
  const tenants = new TenantRepository(table);
  return readComputeCommit(
    async () => {
      const before = await tenants.require(input.tenantId);
      if (input.expectedVersion !== undefined && input.expectedVersion !== before.version) {
        throw new PreconditionFailedError(
          'tenant.version_mismatch',
          `Provisioning settings changed meanwhile (version ${before.version}, If-Match ${input.expectedVersion}); read them again and retry`,
        );
      }
      const after = applyProvisioningChange(before, input.change, new Date().toISOString());
      const changes = diffAttributes(settingsOf(before), settingsOf(after));
      if (Object.keys(changes.after).length === 0) return before;
      const tx = new Transaction(table);
      tenants.update(tx, before, after);
      recordAudit(tx, {
        tenantId: before.id,
        actor: input.actor,
        action: before.mode !== after.mode ? 'provisioning.mode_changed' : 'provisioning.settings_changed',
        target: { type: 'tenant', id: before.id, slug: before.displayName },
        requestId: input.requestId,
        changes,
        data: { tenant: tenantState(after) },
        sequence: before.version + 1,
      });
      await tx.commit();
      return { ...after, version: before.version + 1 };
    },
    {
      lostRace: (error) => error instanceof PreconditionFailedError && error.code === 'tenant.version_mismatch',
      preconditioned: () => input.expectedVersion !== undefined,
      keepLastError: true,
    },
  );
}
