/**
 * The schema of the per-deployment tenant list (`infra/tenants.ts`). Synth
 * fails on an invalid entry, naming it, rather than deploying a half-configured
 * tenant. Tenant ids and modes reuse the domain's own schemas, so the config
 * cannot name a tenant the service would refuse.
 *
 * SSO, attribute mapping, sender and pool settings (issue 5) are per tenant:
 * each tenant gets its own Cognito user pool, app client, domain and identity
 * provider (`tenant-user-pool.ts`).
 */
import * as z from 'zod';
import { ProvisioningMode, TenantId } from '../shared/tenants/tenant.js';

/** Cognito's rule for identity provider names; `_` is excluded because federated usernames are `<Provider>_<subject>`. */
const ProviderName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9.-]{1,31}$/, 'provider name: 2 to 32 letters, digits, "." or "-" (no "_"), starting with a letter or digit');

export const OidcSsoConfig = z.strictObject({
  type: z.literal('oidc'),
  providerName: ProviderName,
  issuer: z.url({ protocol: /^https$/, error: 'issuer must be an https URL' }),
  clientId: z.string().min(1),
  /** ARN (or name) of the Secrets Manager secret holding the client secret; the secret itself never appears in config. */
  clientSecretArn: z.string().min(1),
  scopes: z.array(z.string().min(1)).default(['openid', 'email', 'profile']),
});

export const SamlSsoConfig = z
  .strictObject({
    type: z.literal('saml'),
    providerName: ProviderName,
    metadataUrl: z.url({ protocol: /^https$/, error: 'metadataUrl must be an https URL' }).optional(),
    metadataDocument: z.string().trim().startsWith('<', 'metadataDocument must be the XML metadata document').optional(),
  })
  .superRefine((saml, ctx) => {
    if (!saml.metadataUrl === !saml.metadataDocument) {
      ctx.addIssue({ code: 'custom', path: ['metadataUrl'], message: 'SAML needs exactly one of metadataUrl or metadataDocument' });
    }
  });

export const SsoConfigInput = z.discriminatedUnion('type', [OidcSsoConfig, SamlSsoConfig]);

/** Which IdP claim (OIDC claim name or SAML attribute name) fills which user attribute. */
export const AttributeMappingConfig = z
  .strictObject({
    email: z.string().min(1).default('email'),
    name: z.string().min(1).default('name'),
    givenName: z.string().min(1).optional(),
    familyName: z.string().min(1).optional(),
  })
  .default({ email: 'email', name: 'name' });

export const PoolSettings = z
  .strictObject({
    /** Hosted sign-in domain prefix (`<prefix>.auth.<region>.amazoncognito.com`); globally unique per region. */
    domainPrefix: z
      .string()
      .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'domainPrefix: lowercase letters, digits and "-"')
      .refine((p) => !/aws|amazon|cognito/.test(p), 'domainPrefix may not contain "aws", "amazon" or "cognito"')
      .optional(),
    /** Where a completed browser sign-in lands (the console); also the sign-out URL. */
    consoleUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** Access and ID tokens live until they expire; short, so deactivation bites soon even without our own check. */
    accessTokenMinutes: z.number().int().min(5).max(60).default(15),
    refreshTokenHours: z.number().int().min(1).max(24 * 30).default(12),
    /** Removing the tenant's entry deletes its settings and pool even while it has users. Set, deploy, then remove. */
    forceRemoval: z.boolean().default(false),
  })
  .default({ accessTokenMinutes: 15, refreshTokenHours: 12, forceRemoval: false });

export const TenantConfig = z
  .strictObject({
    id: TenantId,
    displayName: z.string().trim().min(1).max(128),
    mode: ProvisioningMode,
    /** The tenant's first admins; each gets an admin account when the tenant is provisioned. */
    adminEmails: z.array(z.email()).min(1),
    /** Sender for this tenant's mail; the service default when absent. */
    mailFrom: z.email().optional(),
    sso: SsoConfigInput.optional(),
    /** When true, password sign-in is refused to all but the break-glass admins. */
    ssoEnforced: z.boolean().default(false),
    breakGlassEmails: z.array(z.email()).max(5).default([]),
    attributeMapping: AttributeMappingConfig,
    pool: PoolSettings,
  })
  .superRefine((tenant, ctx) => {
    if (tenant.ssoEnforced && !tenant.sso) {
      ctx.addIssue({ code: 'custom', path: ['ssoEnforced'], message: 'ssoEnforced needs an sso identity provider' });
    }
    if (tenant.mode === 'jit' && !(tenant.sso && tenant.ssoEnforced)) {
      ctx.addIssue({ code: 'custom', path: ['mode'], message: 'mode "jit" needs sso configured and ssoEnforced: true' });
    }
  });
export type TenantConfig = z.infer<typeof TenantConfig>;

export const TenantConfigList = z.array(TenantConfig).superRefine((tenants, ctx) => {
  const seen = new Set<string>();
  tenants.forEach((tenant, index) => {
    if (seen.has(tenant.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate tenant id "${tenant.id}"` });
    seen.add(tenant.id);
  });
});

/** The validated list; throws one error naming every invalid field. */
export function parseTenantConfig(input: unknown): TenantConfig[] {
  const parsed = TenantConfigList.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `tenants[${issue.path.join('.')}]: ${issue.message}`);
  throw new Error(`Invalid tenant configuration:\n  ${problems.join('\n  ')}`);
}

/** Identity helper that type-checks a tenant list where it is written. */
export const defineTenants = (tenants: z.input<typeof TenantConfigList>): z.input<typeof TenantConfigList> => tenants;
