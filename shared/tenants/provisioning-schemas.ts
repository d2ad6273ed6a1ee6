/**
 * Request and response schemas of the provisioning settings routes: the OpenAPI
 * document is generated from them and tests check responses against them.
 */
import * as z from 'zod';
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
  scimUrl: z.string().url(),
  scimEnabled: z.boolean(),
  capabilities: ModeCapabilitiesSchema,
  modes: z.array(ModeCapabilitiesSchema.extend({ available: z.boolean(), unavailableReason: z.string().optional() })),
  version: z.number().int(),
  updatedAt: z.string(),
});

export const SsoSettingsResponse = z.object({
  tenantId: z.string(),
  configured: z.boolean(),
  ssoEnforced: z.boolean(),
  breakGlassEmails: z.array(z.string()),
  provider: z
    .union([
      z.object({
        type: z.literal('oidc'),
        providerName: z.string(),
        issuer: z.string(),
        clientId: z.string(),
        clientSecretConfigured: z.boolean(),
        scopes: z.array(z.string()),
      }).strict(),
      z.object({
        type: z.literal('saml'),
        providerName: z.string(),
        metadataUrl: z.string().optional(),
        metadataDocument: z.object({ sha256: z.string(), bytes: z.number().int() }).optional(),
      }).strict(),
    ])
    .optional(),
  attributeMapping: z.object({ email: z.string(), name: z.string() }),
  signInUrl: z.string().optional(),
  callbackUrl: z.string(),
  userPoolId: z.string().optional(),
});

export const ScimTokenMetadataSchema = z
  .object({
    id: z.string(),
    displayPrefix: z.string(),
    last4: z.string(),
    createdAt: z.string(),
    createdBy: z.string(),
    lastUsedAt: z.string().optional(),
    status: z.enum(['active', 'grace']),
    expiresAt: z.string().optional(),
  })
  .strict();

export const ScimTokenListResponse = z.object({
  tokens: z.array(ScimTokenMetadataSchema),
  scimUrl: z.string().url(),
  scimEnabled: z.boolean(),
});

/** The body is optional: no body, `{}` and `{"graceSeconds": 3600}` are all valid. */
export const ScimTokenCreateBody = z
  .object({
    graceSeconds: z
      .number()
      .int('graceSeconds must be a whole number of seconds')
      .min(0, 'graceSeconds cannot be negative')
      .max(MAX_GRACE_SECONDS, `graceSeconds is at most ${MAX_GRACE_SECONDS} (24 hours)`)
      .optional(),
  })
  .strict()
  .optional();

export const ScimTokenCreatedResponse = z.object({
  id: z.string(),
  token: z.string().startsWith('prv_scim_'),
  scimUrl: z.string().url(),
  displayPrefix: z.string(),
  createdAt: z.string(),
  previousTokenEndsAt: z.string().optional(),
});
export type ScimTokenList = z.infer<typeof ScimTokenListResponse>;
