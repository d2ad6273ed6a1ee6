/**
 * What AWS alone can run, checked in the synthesized template: a signed-in
 * person cannot rewrite the attributes the service owns with their own access
 * token (app clients write names only, plus what an IdP mapping must fill), an
 * email change waits for its verification, and OIDC IdPs pass `email_verified`
 * on to the link-by-email rule. The local half of the same invariant (sign-in
 * never reads the email) is ./sign-in-binding.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { parseTenantConfig } from '../../infra/tenant-config.js';
import { exampleTenants } from '../../infra/tenants.example.js';
import { synth } from '../infra/synth.js';

type Resource = { Properties: Record<string, unknown> };

const tenants = parseTenantConfig(exampleTenants);
// Tenants live in shard stacks: their resources, merged.
const { tenantTemplate: template } = synth({ tenants });
const byTenant = <T extends Resource>(type: string, tenantId: string): T => {
  const found = Object.entries(template.findResources(type)).filter(([id]) => id.toLowerCase().startsWith(`tenant${tenantId}`));
  expect(found, `${type} of ${tenantId}`).toHaveLength(1);
  return found[0]![1] as T;
};

describe('app clients write no attribute the service owns', () => {
  it('a tenant without SSO: names only; never email, email_verified or any custom attribute', () => {
    const client = byTenant('AWS::Cognito::UserPoolClient', 'hooli');
    expect((client.Properties.WriteAttributes as string[]).sort()).toEqual(['family_name', 'given_name', 'name']);
  });

  it('tenants with SSO: also the attributes their IdP mapping fills (Cognito requires it), and still no custom attribute', () => {
    const saml = byTenant('AWS::Cognito::UserPoolClient', 'contoso').Properties.WriteAttributes as string[];
    const oidc = byTenant('AWS::Cognito::UserPoolClient', 'initech').Properties.WriteAttributes as string[];
    expect(saml.sort()).toEqual(['email', 'family_name', 'given_name', 'name']);
    expect(oidc.sort()).toEqual(['email', 'email_verified', 'family_name', 'given_name', 'name']);
    for (const attribute of [...saml, ...oidc]) expect(attribute.startsWith('custom:')).toBe(false);
  });
});

describe('email changes wait for verification', () => {
  it.each(['contoso', 'initech', 'hooli'])('%s: keeps the original email until the new one is verified', (tenantId) => {
    const pool = byTenant('AWS::Cognito::UserPool', tenantId);
    expect(pool.Properties.UserAttributeUpdateSettings).toEqual({ AttributesRequireVerificationBeforeUpdate: ['email'] });
    expect(pool.Properties.AutoVerifiedAttributes).toEqual(['email']);
  });
});

describe('the IdP says whether an email is verified', () => {
  it('maps email_verified from an OIDC IdP', () => {
    const idp = byTenant('AWS::Cognito::UserPoolIdentityProvider', 'initech');
    expect(idp.Properties.AttributeMapping).toMatchObject({ email: 'email', email_verified: 'email_verified' });
  });

  it('seeds trustIdpEmails from the tenant config, off unless said', () => {
    const seeds = Object.values(template.findResources('Custom::TenantSeed')) as Resource[];
    const settings = seeds.map((s) => JSON.stringify(s.Properties.Settings));
    expect(settings).toHaveLength(3);
    for (const s of settings) expect(s).toContain('\\"trustIdpEmails\\":false');
    const trusting = synth({ tenants: parseTenantConfig([{ ...exampleTenants[0]!, trustIdpEmails: true }]) }).tenantTemplate;
    const seed = Object.values(trusting.findResources('Custom::TenantSeed'))[0] as Resource;
    expect(JSON.stringify(seed.Properties.Settings)).toContain('\\"trustIdpEmails\\":true');
  });
});
