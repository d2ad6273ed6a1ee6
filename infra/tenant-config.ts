/**
 * The schema of the per-deployment tenant list (`infra/tenants.ts`). Synth
 * fails on an invalid entry, naming it, rather than deploying a half-configured
 * tenant. Tenant ids and modes reuse the domain's own schemas, so the config
 * cannot name a tenant the service would refuse.
 *
 * SSO, attribute mapping, sender and pool settings are per tenant:
 * each tenant gets its own Cognito user pool, app client, domain and identity
 * provider (`tenant-user-pool.ts`).
 */
import * as z from '../shared/validation/zod.js';
import { ProvisioningMode, TenantId } from '../shared/tenants/tenant.js';
import { MAX_FIRST_ADMINS } from '../shared/tenant-setup/provision-tenant.js';
import { LinkOrigins } from '../shared/tenants/link-origins.js';

/** Cognito's rule for identity provider names; `_` is excluded because federated usernames are `<Provider>_<subject>`. */
const ProviderName = z
  .string()
  .check(z.regex(/^[A-Za-z0-9][A-Za-z0-9.-]{1,31}$/, 'provider name: 2 to 32 letters, digits, "." or "-" (no "_"), starting with a letter or digit'));

export const OidcSsoConfig = z.strictObject({
  type: z.literal('oidc'),
  providerName: ProviderName,
  issuer: z.url({ protocol: /^https$/, error: 'issuer must be an https URL' }),
  clientId: z.string().check(z.minLength(1)),
  /** ARN (or name) of the Secrets Manager secret holding the client secret; the secret itself never appears in config. */
  clientSecretArn: z.string().check(z.minLength(1)),
  scopes: z._default(z.array(z.string().check(z.minLength(1))), ['openid', 'email', 'profile']),
});

export const SamlSsoConfig = z
  .strictObject({
    type: z.literal('saml'),
    providerName: ProviderName,
    metadataUrl: z.optional(z.url({ protocol: /^https$/, error: 'metadataUrl must be an https URL' })),
    metadataDocument: z.optional(z.string().check(z.trim(), z.startsWith('<', 'metadataDocument must be the XML metadata document'))),
  })
  .check(
    z.superRefine((saml, ctx) => {
      if (!saml.metadataUrl === !saml.metadataDocument) {
        ctx.addIssue({ code: 'custom', path: ['metadataUrl'], message: 'SAML needs exactly one of metadataUrl or metadataDocument' });
      }
    }),
  );

export const SsoConfigInput = z.discriminatedUnion('type', [OidcSsoConfig, SamlSsoConfig]);

/** Which IdP claim (OIDC claim name or SAML attribute name) fills which user attribute. */
export const AttributeMappingConfig = z._default(
  z.strictObject({
    email: z._default(z.string().check(z.minLength(1)), 'email'),
    name: z._default(z.string().check(z.minLength(1)), 'name'),
    givenName: z.optional(z.string().check(z.minLength(1))),
    familyName: z.optional(z.string().check(z.minLength(1))),
  }),
  { email: 'email', name: 'name' },
);

export const PoolSettings = z._default(
  z.strictObject({
    /** Hosted sign-in domain prefix (`<prefix>.auth.<region>.amazoncognito.com`); globally unique per region. */
    domainPrefix: z.optional(
      z.string().check(
        z.regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'domainPrefix: lowercase letters, digits and "-"'),
        z.refine((p) => !/aws|amazon|cognito/.test(p), 'domainPrefix may not contain "aws", "amazon" or "cognito"'),
      ),
    ),
    /** Where a completed browser sign-in lands (the console); also the sign-out URL. */
    consoleUrl: z.optional(z.url({ protocol: /^https?$/ })),
    /** Access and ID tokens live until they expire; short, so deactivation bites soon even without our own check. */
    accessTokenMinutes: z._default(z.int().check(z.gte(5), z.lte(60)), 15),
    refreshTokenHours: z._default(z.int().check(z.gte(1), z.lte(24 * 30)), 12),
    /** Removing the tenant's entry deletes its settings and pool even while it has users. Set, deploy, then remove. */
    forceRemoval: z._default(z.boolean(), false),
  }),
  { accessTokenMinutes: 15, refreshTokenHours: 12, forceRemoval: false },
);

export const TenantConfig = z
  .strictObject({
    id: TenantId,
    displayName: z.string().check(z.trim(), z.minLength(1), z.maxLength(128)),
    mode: ProvisioningMode,
    /**
     * The tenant's first admins; each gets an admin account when the tenant is
     * provisioned, all in one transaction. More are promoted in the tenant.
     */
    adminEmails: z
      .array(z.email())
      .check(z.minLength(1), z.maxLength(MAX_FIRST_ADMINS, `at most ${MAX_FIRST_ADMINS} first admins; promote more once the tenant exists`)),
    /** Sender for this tenant's mail; the service default when absent. */
    mailFrom: z.optional(z.email()),
    sso: z.optional(SsoConfigInput),
    /** When true, password sign-in is refused to all but the break-glass admins. */
    ssoEnforced: z._default(z.boolean(), false),
    breakGlassEmails: z._default(z.array(z.email()).check(z.maxLength(5)), []),
    /** Link SSO identities to existing users by emails the IdP did not mark verified (SAML IdPs send no such claim). */
    trustIdpEmails: z._default(z.boolean(), false),
    /**
     * Origins besides the console's that invite and reset links may point to
     * (`https://app.example.com`). Seeded when the tenant is created; from then on
     * its admins own them (PUT /provisioning), as with breakGlassEmails.
     */
    linkOrigins: z._default(LinkOrigins, []),
    attributeMapping: AttributeMappingConfig,
    pool: PoolSettings,
  })
  .check(
    z.superRefine((tenant, ctx) => {
      if (tenant.ssoEnforced && !tenant.sso) {
        ctx.addIssue({ code: 'custom', path: ['ssoEnforced'], message: 'ssoEnforced needs an sso identity provider' });
      }
      if (tenant.mode === 'jit' && !(tenant.sso && tenant.ssoEnforced)) {
        ctx.addIssue({ code: 'custom', path: ['mode'], message: 'mode "jit" needs sso configured and ssoEnforced: true' });
      }
    }),
  );
export type TenantConfig = z.infer<typeof TenantConfig>;

export const TenantConfigList = z.array(TenantConfig).check(
  z.superRefine((tenants, ctx) => {
    const seen = new Set<string>();
    tenants.forEach((tenant, index) => {
      if (seen.has(tenant.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate tenant id "${tenant.id}"` });
      seen.add(tenant.id);
    });
  }),
);

/** The validated list; throws one error naming every invalid field. */
export function parseTenantConfig(input: unknown): TenantConfig[] {
  const parsed = TenantConfigList.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `tenants[${issue.path.join('.')}]: ${issue.message}`);
  throw new Error(`Invalid tenant configuration:\n  ${problems.join('\n  ')}`);
}

/** Identity helper that type-checks a tenant list where it is written. */
export const defineTenants = (tenants: z.input<typeof TenantConfigList>): z.input<typeof TenantConfigList> => tenants;
