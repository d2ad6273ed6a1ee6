/**
 * Request and response schemas of the provisioning settings routes: the OpenAPI
 * document is generated from them and tests check responses against them.
 */
import * as z from '../validation/zod.js';
import { MAX_GRACE_SECONDS } from '../tokens/scim-tokens.js';
import { ProvisioningMode } from './tenant.js';

const Actor = z.enum(['scim-client', 'sign-in', 'tenant-admin', 'user']);

export const ModeCapabilitiesSchema = z.object({
  mode: ProvisioningMode,
  label: z.string(),
  description: z.string(),
  createsUsers: z.array(Actor),
  updatesProfiles: z.array(Actor),
  deactivatesUsers: z.array(Actor),
  deletesUsers: z.array(Actor),
  syncsTeams: z.array(Actor),
  assignsRoles: z.array(Actor),
  invitations: z.boolean(),
  scimEndpoint: z.boolean(),
  requires: z.array(z.enum(['sso-configured', 'sso-enforced', 'scim-token'])),
});

export const ProvisioningSettingsResponse = z.object({
  tenantId: z.string(),
  mode: ProvisioningMode,
  ssoConfigured: z.boolean(),
  ssoEnforced: z.boolean(),
  breakGlassEmails: z.array(z.string()),
  trustIdpEmails: z.boolean(),
  linkOrigins: z.array(z.string()),
  allowedLinkOrigins: z.array(z.string()),
  scimUrl: z.url(),
  scimEnabled: z.boolean(),
  scimGroupNames: z.enum(['slug', 'strict']),
  capabilities: ModeCapabilitiesSchema,
  modes: z.array(z.extend(ModeCapabilitiesSchema, { available: z.boolean(), unavailableReason: z.optional(z.string()) })),
  version: z.int(),
  updatedAt: z.string(),
});

export const SsoSettingsResponse = z.object({
  tenantId: z.string(),
  configured: z.boolean(),
  ssoEnforced: z.boolean(),
  breakGlassEmails: z.array(z.string()),
  provider: z.optional(
    z.union([
      z.strictObject({
        type: z.literal('oidc'),
        providerName: z.string(),
        issuer: z.string(),
        clientId: z.string(),
        clientSecretConfigured: z.boolean(),
        scopes: z.array(z.string()),
      }),
      z.strictObject({
        type: z.literal('saml'),
        providerName: z.string(),
        metadataUrl: z.optional(z.string()),
        metadataDocument: z.optional(z.object({ sha256: z.string(), bytes: z.int() })),
      }),
    ]),
  ),
  attributeMapping: z.object({ email: z.string(), name: z.string() }),
  signInUrl: z.optional(z.string()),
  callbackUrl: z.string(),
  userPoolId: z.optional(z.string()),
});

export const ScimTokenMetadataSchema = z.strictObject({
  id: z.string(),
  displayPrefix: z.string(),
  last4: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  lastUsedAt: z.optional(z.string()),
  status: z.enum(['active', 'grace']),
  expiresAt: z.optional(z.string()),
});

export const ScimTokenListResponse = z.object({
  tokens: z.array(ScimTokenMetadataSchema),
  scimUrl: z.url(),
  scimEnabled: z.boolean(),
});

/** The body is optional: no body, `{}` and `{"graceSeconds": 3600}` are all valid. */
export const ScimTokenCreateBody = z.optional(
  z.strictObject({
    // z.number() with z.int() as a check, not z.int(message): the message is for fractions only;
    // a non-number keeps the standard "expected number" message, as with the classic chain.
    graceSeconds: z.optional(
      z
        .number()
        .check(
          z.int('graceSeconds must be a whole number of seconds'),
          z.gte(0, 'graceSeconds cannot be negative'),
          z.lte(MAX_GRACE_SECONDS, `graceSeconds is at most ${MAX_GRACE_SECONDS} (24 hours)`),
        ),
    ),
  }),
);

export const ScimTokenCreatedResponse = z.object({
  id: z.string(),
  token: z.string().check(z.startsWith('prv_scim_')),
  scimUrl: z.url(),
  displayPrefix: z.string(),
  createdAt: z.string(),
  previousTokenEndsAt: z.optional(z.string()),
});
export type ScimTokenList = z.infer<typeof ScimTokenListResponse>;
