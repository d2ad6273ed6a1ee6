/**
 * Offline: the console's hosting in the synthesized stack (constructs/console-hosting.ts):
 * a private bucket read by CloudFront through OAC only, the API paths routed to
 * the HTTP API uncached with every viewer header but Host, the app's routes
 * rewritten to index.html by a viewer-request function (not by error responses,
 * which would swallow the API's 404s), security headers, and tenants' SSO
 * sessions handed to the distribution unless they name their own console.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { CONSOLE_API_PATHS, SPA_REWRITE_CODE } from '../../infra/constructs/console-hosting.js';
import { parseTenantConfig } from '../../infra/tenant-config.js';
import { exampleTenants, STUB_CONSOLE, synth } from './synth.js';

/** CloudFront's managed policies, by their fixed ids. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

type Resource = { Type: string; Properties: Record<string, unknown> };
const only = (template: Template, type: string): Resource => {
  const found = Object.values(template.findResources(type)) as Resource[];
  expect(found, type).toHaveLength(1);
  return found[0]!;
};
const logicalIdOf = (template: Template, type: string): string => Object.keys(template.findResources(type))[0]!;

describe('the console distribution', () => {
  const { template, stack } = synth({ tenants: exampleTenants(), console: STUB_CONSOLE });
  const config = only(template, 'AWS::CloudFront::Distribution').Properties.DistributionConfig as Record<string, unknown>;
  const behaviors = config.CacheBehaviors as Array<Record<string, unknown>>;
  const origins = config.Origins as Array<Record<string, unknown>>;
  const originOf = (behavior: Record<string, unknown>) => origins.find((o) => o.Id === behavior.TargetOriginId)!;

  it('reads the bucket through Origin Access Control, signing every request', () => {
    const oac = only(template, 'AWS::CloudFront::OriginAccessControl').Properties.OriginAccessControlConfig;
    expect(oac).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' });
    const defaultBehavior = config.DefaultCacheBehavior as Record<string, unknown>;
    const s3 = originOf(defaultBehavior);
    expect(s3.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [logicalIdOf(template, 'AWS::CloudFront::OriginAccessControl'), 'Id'] });
    expect(s3.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    expect(defaultBehavior).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https', CachePolicyId: CACHING_OPTIMIZED });
    expect(config.DefaultRootObject).toBe('index.html');
  });

  it('routes /api/* and /auth/* to the HTTP API: all methods, nothing cached, every viewer header but Host', () => {
    expect(behaviors.map((b) => b.PathPattern).sort()).toEqual([...CONSOLE_API_PATHS].sort());
    const apiLogicalId = stack.resolve(stack.getLogicalId(stack.api.node.defaultChild as never)) as string;
    for (const behavior of behaviors) {
      expect(behavior).toMatchObject({
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
        CachePolicyId: CACHING_DISABLED,
        OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
        ViewerProtocolPolicy: 'https-only',
      });
      const origin = originOf(behavior);
      expect(origin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
      expect(JSON.stringify(origin.DomainName)).toContain(apiLogicalId);
      expect(JSON.stringify(origin.DomainName)).toContain('.execute-api.');
    }
  });

  it('answers index.html for app routes with a viewer-request function, never by rewriting error responses', () => {
    expect(config.CustomErrorResponses).toBeUndefined();
    const fn = only(template, 'AWS::CloudFront::Function');
    expect(fn.Properties).toMatchObject({ FunctionCode: SPA_REWRITE_CODE, FunctionConfig: { Runtime: 'cloudfront-js-2.0' } });
    expect((config.DefaultCacheBehavior as Record<string, unknown>).FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [logicalIdOf(template, 'AWS::CloudFront::Function'), 'FunctionARN'] } },
    ]);
    for (const behavior of behaviors) expect(behavior.FunctionAssociations).toBeUndefined();
  });

  it('sends the console’s security headers: CSP allowing only its origin and Cognito, no framing, no referrer, HSTS', () => {
    const policies = (Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy')) as Resource[]).map(
      (p) => (p.Properties.ResponseHeadersPolicyConfig as { SecurityHeadersConfig: Record<string, Record<string, unknown>> }).SecurityHeadersConfig,
    );
    expect(policies).toHaveLength(2);
    const app = policies.find((p) => p.ContentSecurityPolicy)!;
    const csp = JSON.stringify(app.ContentSecurityPolicy!.ContentSecurityPolicy);
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "frame-ancestors 'none'",
      "object-src 'none'",
      "connect-src 'self' https://cognito-idp.",
    ]) {
      expect(csp).toContain(directive);
    }
    for (const policy of policies) {
      expect(policy).toMatchObject({
        FrameOptions: { FrameOption: 'DENY', Override: true },
        ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
        ContentTypeOptions: { Override: true },
        StrictTransportSecurity: { AccessControlMaxAgeSec: 31_536_000, IncludeSubdomains: true, Override: true },
      });
    }
  });

  it('keeps the site bucket private: public access blocked, TLS only, encrypted, access-logged, readable by this distribution only', () => {
    const buckets = Object.entries(template.findResources('AWS::S3::Bucket')) as Array<[string, Resource]>;
    expect(buckets).toHaveLength(2);
    const [siteId, site] = buckets.find(([, b]) => b.Properties.LoggingConfiguration)!;
    const [logsId] = buckets.find(([id]) => id !== siteId)!;
    expect(site.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LoggingConfiguration: { DestinationBucketName: { Ref: logsId }, LogFilePrefix: 'console-bucket/' },
    });
    expect(config.Logging).toMatchObject({ Bucket: { 'Fn::GetAtt': [logsId, 'RegionalDomainName'] }, Prefix: 'cloudfront/' });

    const policies = (Object.values(template.findResources('AWS::S3::BucketPolicy')) as Resource[]).filter(
      (p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: siteId }),
    );
    expect(policies).toHaveLength(1);
    const statements = (policies[0]!.Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement;
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({
      Action: 's3:GetObject',
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Condition: { StringEquals: { 'AWS:SourceArn': expect.anything() } },
    });
    expect(JSON.stringify(allows[0]!.Condition)).toContain(logicalIdOf(template, 'AWS::CloudFront::Distribution'));
    expect(statements.filter((s) => s.Effect === 'Deny')).toEqual([
      expect.objectContaining({ Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } }, Principal: { AWS: '*' } }),
    ]);
  });

  it('deploys the build and a generated config.json, then invalidates the distribution', () => {
    const deployments = Object.values(template.findResources('Custom::CDKBucketDeployment')) as Resource[];
    expect(deployments).toHaveLength(2);
    const pages = deployments.find((d) => d.Properties.DistributionPaths)!;
    expect(pages.Properties).toMatchObject({ DistributionPaths: ['/*'], Prune: false, Exclude: ['assets/*'] });
    // The build and config.json.
    expect(pages.Properties.SourceObjectKeys).toHaveLength(2);
    const assets = deployments.find((d) => !d.Properties.DistributionPaths)!;
    expect(assets.Properties).toMatchObject({ Include: ['assets/*'], Exclude: ['*'], Prune: false });
    expect(JSON.stringify(assets.Properties.SystemMetadata)).toContain('immutable');
  });

  it('is where tenants’ SSO sign-ins land unless a tenant names its own console', () => {
    const tenants = parseTenantConfig([
      { id: 'acme', displayName: 'Acme', mode: 'invite-only', adminEmails: ['a@acme.example'] },
      { id: 'globex', displayName: 'Globex', mode: 'invite-only', adminEmails: ['a@globex.example'], pool: { consoleUrl: 'https://console.globex.example' } },
    ]);
    const { template: withTenants, tenantTemplate } = synth({ tenants, console: STUB_CONSOLE });
    const distributionId = logicalIdOf(withTenants, 'AWS::CloudFront::Distribution');
    const settings = (Object.values(tenantTemplate.findResources('Custom::TenantSeed')) as Resource[]).map((s) => JSON.stringify(s.Properties.Settings));
    const acme = settings.find((s) => s.includes('\\"id\\":\\"acme\\"'))!;
    const globex = settings.find((s) => s.includes('\\"id\\":\\"globex\\"'))!;
    // The tenants' shard receives the distribution's domain from the root as a parameter.
    const [shard] = Object.values(withTenants.findResources('AWS::CloudFormation::Stack')).filter((r) =>
      JSON.stringify(r).includes('ConsoleDistribution'),
    ) as Resource[];
    const consoleParameter = Object.entries(shard!.Properties.Parameters as Record<string, unknown>).find(
      ([, value]) => JSON.stringify(value) === JSON.stringify({ 'Fn::GetAtt': [distributionId, 'DomainName'] }),
    )![0];
    expect(acme).toContain(`{"Ref":"${consoleParameter}"}`);
    expect(acme).toContain('consoleUrl');
    expect(globex).toContain('https://console.globex.example');
    expect(globex).not.toContain(consoleParameter);
  });
});

describe('the SPA rewrite function', () => {
  const handler = new Function(`${SPA_REWRITE_CODE}; return handler;`)() as (event: { request: { uri: string } }) => { uri: string };
  it.each([
    ['/', '/index.html'],
    ['/users', '/index.html'],
    ['/settings/provisioning', '/index.html'],
    ['/accept-invite', '/index.html'],
    ['/assets/index-3f2a.js', '/assets/index-3f2a.js'],
    ['/config.json', '/config.json'],
    ['/favicon.svg', '/favicon.svg'],
  ])('%s → %s', (uri, expected) => {
    expect(handler({ request: { uri } }).uri).toBe(expected);
  });
});

describe('a stack without the console', () => {
  it('has no distribution, bucket or console URL for tenants', () => {
    const { template, tenantTemplate } = synth({ tenants: exampleTenants() });
    expect(template.findResources('AWS::CloudFront::Distribution')).toEqual({});
    expect(template.findResources('AWS::S3::Bucket')).toEqual({});
    const settings = (Object.values(tenantTemplate.findResources('Custom::TenantSeed')) as Resource[]).map((s) => JSON.stringify(s.Properties.Settings));
    for (const s of settings) expect(s).not.toContain('consoleUrl');
  });
});
