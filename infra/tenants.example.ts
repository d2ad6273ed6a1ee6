/**
 * An example tenant list: copy the entries you need into `tenants.ts`.
 * - Contoso signs in with Microsoft Entra ID over SAML, and Entra pushes its
 *   users and groups over SCIM.
 * - Initech signs in with Okta over OIDC and gets its users just in time.
 * - Hooli has no IdP: admins invite people, who sign in with a password.
 */
import { defineTenants } from './tenant-config.js';

export const exampleTenants = defineTenants([
  {
    id: 'contoso',
    displayName: 'Contoso',
    mode: 'scim',
    adminEmails: ['it-admin@contoso.example'],
    mailFrom: 'no-reply@contoso.example',
    sso: {
      type: 'saml',
      providerName: 'EntraID',
      metadataUrl:
        'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/federationmetadata/2007-06/federationmetadata.xml?appid=11111111-1111-1111-1111-111111111111',
    },
    // Entra's SAML claims are URIs.
    attributeMapping: {
      email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
      name: 'http://schemas.microsoft.com/identity/claims/displayname',
      givenName: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname',
      familyName: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname',
    },
    pool: { domainPrefix: 'contoso-signin', consoleUrl: 'https://console.example.com/contoso' },
  },
  {
    id: 'initech',
    displayName: 'Initech',
    mode: 'jit',
    adminEmails: ['ops@initech.example'],
    sso: {
      type: 'oidc',
      providerName: 'Okta',
      issuer: 'https://initech.okta.com',
      clientId: '0oa1b2c3d4e5f6g7h8i9',
      clientSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:initech-okta-client-secret-AbCdEf',
    },
    // JIT trusts the IdP to say who exists, so SSO must be enforced; ops@ keeps a password for emergencies.
    ssoEnforced: true,
    breakGlassEmails: ['ops@initech.example'],
  },
  {
    id: 'hooli',
    displayName: 'Hooli',
    mode: 'invite-only',
    adminEmails: ['gavin@hooli.example', 'denpok@hooli.example'],
    mailFrom: 'team@hooli.example',
  },
]);
