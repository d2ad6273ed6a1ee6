/**
 * Offline CDK assertions for tenants: each configured tenant gets its own user
 * pool with its IdP, triggers, app client and seeding custom resource in a
 * tenant shard, sharing one table and one API; a bad tenant config fails synthesis naming the field.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { parseTenantConfig } from '../../infra/tenant-config.js';
import { exampleTenants } from '../../infra/tenants.example.js';
import { triggers } from '../../shared/triggers/trigger-table.js';
import { synth } from '../infra/synth.js';

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] };

describe('two tenants', () => {
  const [contoso, initech] = parseTenantConfig(exampleTenants);
  const { template: root, tenantTemplate: template, shards } = synth({ tenants: [contoso!, initech!] });
  const pools = template.findResources('AWS::Cognito::UserPool') as Record<string, Resource>;

  it('make two user pools in a tenant shard, one shared table and one API in the root', () => {
    expect([...shards.keys()]).toEqual([1]);
    expect(Object.keys(pools)).toHaveLength(2);
    root.resourceCountIs('AWS::DynamoDB::Table', 1);
    root.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    root.resourceCountIs('AWS::Cognito::UserPool', 0);
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 2);
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 2);
  });

  it('give each pool its own IdP: SAML for Entra, OIDC for Okta with the secret by reference', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', {
      ProviderName: 'EntraID',
      ProviderType: 'SAML',
      ProviderDetails: Match.objectLike({ MetadataURL: Match.stringLikeRegexp('^https://login.microsoftonline.com/') }),
      AttributeMapping: Match.objectLike({ email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress' }),
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', {
      ProviderName: 'Okta',
      ProviderType: 'OIDC',
      ProviderDetails: Match.objectLike({
        oidc_issuer: 'https://initech.okta.com',
        client_id: '0oa1b2c3d4e5f6g7h8i9',
        client_secret: Match.stringLikeRegexp('^\\{\\{resolve:secretsmanager:arn:aws:secretsmanager:.*initech-okta-client-secret'),
      }),
    });
  });

  it('wire every pool to every sign-in trigger, pre token generation as a V2 event', () => {
    // The shard receives each trigger's ARN from the root as a parameter named after the root's function.
    const fnRef = (source: string) => {
      const trigger = triggers.find((t) => t.cognitoTrigger === source)!;
      return {
        Ref: Match.stringLikeRegexp(
          `Trigger${trigger.name
            .split('-')
            .map((p) => p[0]!.toUpperCase() + p.slice(1))
            .join('')}[A-Z0-9]+Arn$`,
        ),
      };
    };
    for (const pool of Object.values(pools)) {
      expect(pool.Properties).toMatchObject({
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        UserPoolTier: 'ESSENTIALS',
      });
    }
    template.allResourcesProperties('AWS::Cognito::UserPool', {
      LambdaConfig: {
        PreSignUp: fnRef('PreSignUp'),
        PostConfirmation: fnRef('PostConfirmation'),
        PreAuthentication: fnRef('PreAuthentication'),
        PostAuthentication: fnRef('PostAuthentication'),
        PreTokenGenerationConfig: { LambdaArn: fnRef('PreTokenGeneration'), LambdaVersion: 'V2_0' },
      },
    });
  });

  it('give each app client the tenant callback, PKCE code flow, no secret and short tokens', () => {
    template.allResourcesProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AccessTokenValidity: 15,
      IdTokenValidity: 15,
      TokenValidityUnits: Match.objectLike({ AccessToken: 'minutes', IdToken: 'minutes' }),
    });
    const clients = Object.values(template.findResources('AWS::Cognito::UserPoolClient')) as Resource[];
    const callbacks = clients.map((c) => JSON.stringify(c.Properties.CallbackURLs));
    expect(callbacks.some((c) => c.includes('/auth/contoso/callback'))).toBe(true);
    expect(callbacks.some((c) => c.includes('/auth/initech/callback'))).toBe(true);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', { SupportedIdentityProviders: ['Okta', 'COGNITO'] });
  });

  it('seed each tenant through one custom resource provider, with settings and no secret value', () => {
    const seeds = Object.values(template.findResources('Custom::TenantSeed')) as Resource[];
    expect(seeds).toHaveLength(2);
    const settings = seeds.map((s) => JSON.stringify(s.Properties.Settings));
    expect(settings.some((s) => s.includes('\\"id\\":\\"contoso\\"') && s.includes('\\"mode\\":\\"scim\\"'))).toBe(true);
    expect(settings.some((s) => s.includes('\\"id\\":\\"initech\\"') && s.includes('\\"ssoEnforced\\":true'))).toBe(true);
    for (const s of settings) expect(s).not.toContain('resolve:secretsmanager');
  });

  it('give a tenant with a sender its SES identity and configuration set', () => {
    template.resourceCountIs('AWS::SES::EmailIdentity', 1);
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'no-reply@contoso.example' });
    template.resourceCountIs('AWS::SES::ConfigurationSet', 1);
  });

  it("name each pool after the deployment and tag it for the functions' IAM", () => {
    const names = Object.values(pools)
      .map((p) => p.Properties.UserPoolName)
      .sort();
    expect(names).toEqual(['Test-contoso', 'Test-initech']);
    for (const pool of Object.values(pools)) expect(pool.Properties.UserPoolTags).toEqual({ 'provisioning:deployment': 'Test' });
  });

  it('keep pools (and their people) when a tenant entry disappears, unless removal is forced', () => {
    for (const pool of Object.values(template.findResources('AWS::Cognito::UserPool')) as Array<Resource & { DeletionPolicy?: string }>) {
      expect(pool.DeletionPolicy).toBe('Retain');
      expect(pool.Properties.DeletionProtection).toBe('ACTIVE');
    }
  });
});

describe('bad tenant config fails synthesis, naming the field', () => {
  const base = { displayName: 'X', mode: 'scim', adminEmails: ['a@x.example'] };
  it.each([
    [{ ...base, id: 'acme_corp' }, 'tenants[0.id]'],
    [{ ...base, id: 'Acme' }, 'tenants[0.id]'],
    [{ ...base, id: 'acme', mode: 'manual' }, 'tenants[0.mode]'],
    [{ ...base, id: 'acme', sso: { type: 'saml', providerName: 'Entra' } }, 'tenants[0.sso.metadataUrl]'],
    [
      { ...base, id: 'acme', sso: { type: 'oidc', providerName: 'Okta', issuer: 'http://okta.example', clientId: 'c', clientSecretArn: 'arn' } },
      'tenants[0.sso.issuer]',
    ],
    [{ ...base, id: 'acme', sso: { type: 'oidc', providerName: 'Okta', issuer: 'https://okta.example', clientId: 'c' } }, 'tenants[0.sso.clientSecretArn]'],
    [{ ...base, id: 'acme', mode: 'jit' }, 'tenants[0.mode]'],
    [{ ...base, id: 'acme', ssoEnforced: true }, 'tenants[0.ssoEnforced]'],
    [{ ...base, id: 'acme', adminEmails: ['not-an-email'] }, 'tenants[0.adminEmails.0]'],
    [{ ...base, id: 'acme', adminEmails: Array.from({ length: 11 }, (_, i) => `a${i}@x.example`) }, 'tenants[0.adminEmails]: at most 10 first admins'],
    [{ ...base, id: 'acme', pool: { domainPrefix: 'my-cognito-login' } }, 'tenants[0.pool.domainPrefix]'],
  ])('%j → %s', (entry, field) => {
    expect(() => parseTenantConfig([entry])).toThrow(field);
  });

  it('refuses two tenants with one id', () => {
    expect(() =>
      parseTenantConfig([
        { ...base, id: 'acme' },
        { ...base, id: 'acme' },
      ]),
    ).toThrow('tenants[1.id]: duplicate tenant id "acme"');
  });

  it('accepts the example file: Entra SAML, Okta OIDC and password-only', () => {
    expect(parseTenantConfig(exampleTenants).map((t) => [t.id, t.mode, t.sso?.type ?? 'password'])).toEqual([
      ['contoso', 'scim', 'saml'],
      ['initech', 'jit', 'oidc'],
      ['hooli', 'invite-only', 'password'],
    ]);
  });
});
