/**
 * What tenant admins see of their SSO configuration: everything needed to check
 * it against the IdP's side, and no secret. The OIDC client secret lives in
 * Secrets Manager; the view says whether one is configured, never where or what.
 */
import { createHash } from 'node:crypto';
import { signInUrl } from '../config/public-urls.js';
import type { Tenant } from './tenant.js';

export type SsoProviderView =
  | {
      type: 'oidc';
      providerName: string;
      issuer: string;
      clientId: string;
      clientSecretConfigured: boolean;
      scopes: string[];
    }
  | {
      type: 'saml';
      providerName: string;
      metadataUrl?: string;
      /** The inline metadata is public but long: its SHA-256 and size identify it. */
      metadataDocument?: { sha256: string; bytes: number };
    };

export interface SsoSettingsView {
  tenantId: string;
  configured: boolean;
  ssoEnforced: boolean;
  breakGlassEmails: string[];
  provider?: SsoProviderView;
  attributeMapping: Tenant['attributeMapping'];
  /** Where a person starts a browser sign-in, and the redirect URI to register at the IdP or app client. */
  signInUrl?: string;
  callbackUrl: string;
  userPoolId?: string;
}

export function ssoSettingsView(tenant: Tenant): SsoSettingsView {
  return {
    tenantId: tenant.id,
    configured: Boolean(tenant.sso),
    ssoEnforced: tenant.ssoEnforced,
    breakGlassEmails: tenant.breakGlassEmails,
    provider: tenant.sso ? providerView(tenant.sso) : undefined,
    attributeMapping: tenant.attributeMapping,
    signInUrl: tenant.signInClient ? signInUrl(tenant.id, 'login') : undefined,
    callbackUrl: signInUrl(tenant.id, 'callback'),
    userPoolId: tenant.userPoolId,
  };
}

function providerView(sso: NonNullable<Tenant['sso']>): SsoProviderView {
  if (sso.type === 'oidc') {
    return {
      type: 'oidc',
      providerName: sso.providerName,
      issuer: sso.issuer,
      clientId: sso.clientId,
      clientSecretConfigured: Boolean(sso.clientSecretRef),
      scopes: sso.scopes,
    };
  }
  const view: SsoProviderView = { type: 'saml', providerName: sso.providerName };
  if (sso.metadataUrl) view.metadataUrl = sso.metadataUrl;
  if (sso.metadataDocument) {
    view.metadataDocument = {
      sha256: createHash('sha256').update(sso.metadataDocument, 'utf8').digest('hex'),
      bytes: Buffer.byteLength(sso.metadataDocument, 'utf8'),
    };
  }
  return view;
}
