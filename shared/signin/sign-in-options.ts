/**
 * What the console's sign-in page offers for a tenant (`GET /auth/{tenantId}/options`):
 * a password form talking to the tenant's Cognito pool straight from the browser,
 * a "Sign in with SSO" button, both, or neither. Public: it says only what any
 * sign-in page of the tenant shows (its display name, the pool's public app
 * client id, the IdP's display name) and nothing about its users.
 */
import * as z from '../validation/zod.js';
import { signInUrl } from '../config/public-urls.js';
import type { Table } from '../storage/table.js';
import { TenantRepository } from '../tenants/tenant-repository.js';
import type { Tenant } from '../tenants/tenant.js';

export const SignInOptionsResponse = z.object({
  tenantId: z.string(),
  displayName: z.string(),
  /** Cognito's `InitiateAuth` (USER_PASSWORD_AUTH) at `endpoint` with the pool's public app client; null: no password sign-in. */
  password: z.nullable(z.object({ endpoint: z.url(), clientId: z.string() })),
  /** Where the browser starts single sign-on (append `?returnTo=/path`); null: the tenant has no IdP. */
  /** `issuer`: whose ID token the console may accept from the sign-in's hand-off. */
  sso: z.nullable(z.object({ loginUrl: z.url(), providerName: z.string(), issuer: z.string() })),
});
export type SignInOptions = z.infer<typeof SignInOptionsResponse>;

/**
 * Cognito's public API endpoint, which browsers call for password sign-in: the
 * SDK's own endpoint override when one is set (cognito-local locally, the same
 * variable the service's Cognito client reads), else the region's endpoint.
 */
export function cognitoEndpoint(environment: NodeJS.ProcessEnv = process.env): string {
  const override = environment.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER;
  if (override) return override.endsWith('/') ? override : `${override}/`;
  const region = environment.AWS_REGION ?? 'us-east-1';
  // China's regions live under their own domain.
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://cognito-idp.${region}.${suffix}/`;
}

/** The options of a tenant; 404 `tenant.not_found` for a tenant that does not exist. */
export async function signInOptions(table: Table, tenantId: string): Promise<SignInOptions> {
  const tenant = await new TenantRepository(table).require(tenantId);
  return signInOptionsOf(tenant);
}

/**
 * Password sign-in needs the pool's app client; with SSO enforced it is offered
 * only while break-glass admins exist, and Cognito's trigger refuses everyone
 * else with its own message. SSO needs both an IdP and the browser sign-in client.
 * The SSO login URL is on the API's public URL, where the callback returns: the
 * sign-in state cookie is set and read on that one origin.
 */
export function signInOptionsOf(tenant: Tenant): SignInOptions {
  const passwordOffered = Boolean(tenant.appClientId) && (!tenant.ssoEnforced || tenant.breakGlassEmails.length > 0);
  return {
    tenantId: tenant.id,
    displayName: tenant.displayName,
    password: passwordOffered ? { endpoint: cognitoEndpoint(), clientId: tenant.appClientId! } : null,
    sso:
      tenant.sso && tenant.signInClient
        ? { loginUrl: signInUrl(tenant.id, 'login'), providerName: tenant.sso.providerName, issuer: tenant.signInClient.issuer }
        : null,
  };
}
