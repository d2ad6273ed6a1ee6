/**
 * How a tenant's users sign in: its SSO provider, the claims that fill a user's
 * attributes, and the OIDC client of the browser sign-in. Nothing parses with
 * these schemas; they give the types of a tenant's fields, so functions import
 * this module for its types only and never build the schemas at load.
 */
import * as z from '../validation/zod.js';

export const OidcSso = z.object({
  type: z.literal('oidc'),
  providerName: z.string().check(z.minLength(1), z.maxLength(32)),
  issuer: z.url(),
  clientId: z.string().check(z.minLength(1)),
  /** ARN or name of the Secrets Manager secret holding the client secret; never the secret itself. */
  clientSecretRef: z.optional(z.string().check(z.minLength(1))),
  scopes: z._default(z.array(z.string()), ['openid', 'email', 'profile']),
});

export const SamlSso = z
  .object({
    type: z.literal('saml'),
    providerName: z.string().check(z.minLength(1), z.maxLength(32)),
    metadataUrl: z.optional(z.url()),
    metadataDocument: z.optional(z.string().check(z.minLength(1))),
  })
  .check(
    z.refine((s) => Boolean(s.metadataUrl) !== Boolean(s.metadataDocument), {
      message: 'SAML needs exactly one of metadataUrl or metadataDocument',
      path: ['metadataUrl'],
    }),
  );

export const SsoConfig = z.union([OidcSso, SamlSso]);
export type SsoConfig = z.infer<typeof SsoConfig>;

/** Which IdP claim fills which user attribute. */
export const AttributeMapping = z._default(z.object({ email: z._default(z.string(), 'email'), name: z._default(z.string(), 'name') }), {
  email: 'email',
  name: 'name',
});

/**
 * The OAuth 2.0 / OIDC client the browser sign-in (`/auth/{tenantId}/login` and
 * `/callback`) uses: in AWS the tenant's Cognito app client (issuer
 * `https://cognito-idp.<region>.amazonaws.com/<poolId>`, endpoints on the pool's
 * domain); locally the demo OIDC provider. Endpoints absent are read from the
 * issuer's discovery document. A public client with PKCE: no secret is stored.
 */
export const SignInClient = z.object({
  issuer: z.url(),
  clientId: z.string().check(z.minLength(1)),
  authorizationEndpoint: z.optional(z.url()),
  tokenEndpoint: z.optional(z.url()),
  jwksUri: z.optional(z.url()),
  scopes: z._default(z.array(z.string().check(z.minLength(1))), ['openid', 'email', 'profile']),
  /** Cognito's `identity_provider` parameter: go straight to the tenant's IdP instead of the hosted UI chooser. */
  identityProvider: z.optional(z.string().check(z.minLength(1))),
});
export type SignInClient = z.infer<typeof SignInClient>;
