/**
 * Offline: the limits synth does not check, at a thousand tenants, from one
 * synth of the stack as `infra/app.ts` builds it (hosted console, alarm mail,
 * half the tenants with a sender of their own, SAML and OIDC alternating). The
 * cloud assembly is read as `cdk deploy` would upload it, CDK's metadata
 * included, and every number is printed.
 *
 * - CloudFormation: every stack under 500 resources, 200 outputs and 200
 *   parameters, its template under 1 MB.
 * - Lambda: each trigger function's resource policy is one statement (Cognito,
 *   this account, this account's pools), well under 20 KB, and nothing else
 *   anywhere grants an invoke of it.
 * - IAM: no role lists a pool, a tenant sender or anything per tenant; each
 *   role's inline policies stay under 10,240 characters, the same at 1,000
 *   tenants as at 2.
 * - SES and Cognito: identities, configuration sets and pools within the
 *   account's default quotas (docs/architecture.md, Limits, says which to raise).
 *
 * Duration: one synth of 1,000 tenants, about a minute on a 2-core runner.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Stack } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEPLOYMENT_TAG_KEY } from '../../infra/constructs/deployment-tag.js';
import { assertTemplateBudget, TENANT_TEMPLATE_BYTES } from '../../infra/constructs/tenant-shard.js';
import { parseTenantConfig } from '../../infra/tenant-config.js';
import { SHARD_CAPACITY } from '../../infra/tenant-shards.js';
import { triggers } from '../../shared/triggers/trigger-table.js';
import { buildApp, exampleTenants, STUB_CONSOLE } from './synth.js';

const TENANTS = 1000;

/** The published limits checked here (CloudFormation, Lambda, IAM) and the account's default quotas (SES, Cognito). */
const LIMITS = {
  resourcesPerStack: 500,
  outputsPerStack: 200,
  parametersPerStack: 200,
  templateBytes: 1_000_000,
  lambdaPolicyBytes: 20_480,
  roleInlinePolicyChars: 10_240,
  sesIdentitiesPerRegion: 10_000,
  sesConfigurationSetsPerRegion: 10_000,
  cognitoUserPoolsPerAccount: 1_000,
} as const;

type Resource = { Type: string; Properties?: Record<string, unknown>; Metadata?: unknown };
interface StackTemplate {
  name: string;
  bytes: number;
  Resources: Record<string, Resource>;
  Outputs: Record<string, unknown>;
  Parameters: Record<string, unknown>;
}

/**
 * A template value as AWS would store it: intrinsics replaced by realistic
 * values (the longest common region, a full Lambda ARN for any reference), so
 * sizes are measured on what IAM and Lambda count, not on CDK's tokens.
 */
function render(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(render);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [key, arg] = entries[0]!;
    const pseudo: Record<string, string> = {
      'AWS::AccountId': '123456789012',
      'AWS::Region': 'ap-southeast-2',
      'AWS::Partition': 'aws',
      'AWS::URLSuffix': 'amazonaws.com',
    };
    if (key === 'Ref') return pseudo[arg as string] ?? `arn:aws:lambda:ap-southeast-2:123456789012:function:${'x'.repeat(64)}`;
    if (key === 'Fn::GetAtt') return `arn:aws:lambda:ap-southeast-2:123456789012:function:${'x'.repeat(64)}`;
    if (key === 'Fn::Join') {
      const [separator, parts] = arg as [string, unknown[]];
      return parts.map((part) => String(render(part))).join(separator);
    }
    if (key === 'Fn::Sub') return String(arg).replace(/\$\{[^}]+\}/g, 'x'.repeat(20));
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, render(v)]));
}
/** IAM counts a policy's characters without whitespace. */
const iamChars = (document: unknown) => JSON.stringify(render(document)).replace(/\s/g, '').length;

let stacks: StackTemplate[];
let synthSeconds: number;
let tenantCount: number;

beforeAll(() => {
  const ids = Array.from({ length: TENANTS }, (_, i) => `tenant-${String(i).padStart(4, '0')}`);
  const tenants = exampleTenants(ids);
  tenantCount = tenants.length;
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenant-limits-'));
  const started = performance.now();
  const { app, stack } = buildApp({ tenants, mailFrom: 'no-reply@service.example', alarmEmail: 'ops@service.example', console: STUB_CONSOLE }, { outdir });
  const assembly = app.synth();
  synthSeconds = (performance.now() - started) / 1000;
  const read = (name: string, owner: Stack): StackTemplate => {
    const file = path.join(assembly.directory, owner.templateFile);
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<StackTemplate>;
    return { name, bytes: fs.statSync(file).size, Resources: json.Resources ?? {}, Outputs: json.Outputs ?? {}, Parameters: json.Parameters ?? {} };
  };
  stacks = [
    read('root', stack),
    ...stack.routeStacks.map((nested) => read(nested.node.id, nested)),
    ...[...stack.tenantShards.values()].map((nested) => read(nested.node.id, nested)),
  ];
  fs.rmSync(outdir, { recursive: true, force: true });
}, 900_000);

const all = (type: string) =>
  stacks.flatMap((s) =>
    Object.entries(s.Resources)
      .filter(([, r]) => r.Type === type)
      .map(([id, r]) => ({ stack: s.name, id, resource: r })),
  );

describe(`${TENANTS} tenants in one deployment`, () => {
  it("synthesize into 40 shards of 25, every stack inside CloudFormation's limits", () => {
    const shards = stacks.filter((s) => s.name.startsWith('TenantShard'));
    expect(tenantCount).toBe(TENANTS);
    expect(shards).toHaveLength(TENANTS / SHARD_CAPACITY);
    console.log(`Synth of ${TENANTS} tenants: ${synthSeconds.toFixed(1)} s`);
    console.log('stack             resources  template bytes  outputs  parameters');
    for (const s of [...stacks]
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 5)
      .concat(stacks.filter((x) => x.name === 'root'))) {
      console.log(
        `${s.name.padEnd(18)}${String(Object.keys(s.Resources).length).padStart(9)}${String(s.bytes).padStart(16)}${String(Object.keys(s.Outputs).length).padStart(9)}${String(Object.keys(s.Parameters).length).padStart(12)}`,
      );
    }
    for (const s of stacks) {
      expect(Object.keys(s.Resources).length, s.name).toBeLessThan(LIMITS.resourcesPerStack);
      expect(s.bytes, s.name).toBeLessThan(LIMITS.templateBytes);
      expect(Object.keys(s.Outputs).length, s.name).toBeLessThanOrEqual(LIMITS.outputsPerStack);
      expect(Object.keys(s.Parameters).length, s.name).toBeLessThanOrEqual(LIMITS.parametersPerStack);
    }
    // The estimate that guards a shard's template size holds: a tenant costs no more than TENANT_TEMPLATE_BYTES.
    const perTenant = Math.max(...shards.map((s) => s.bytes / SHARD_CAPACITY));
    console.log(`template bytes per tenant: ${Math.round(perTenant)} (budgeted ${TENANT_TEMPLATE_BYTES})`);
    expect(perTenant).toBeLessThan(TENANT_TEMPLATE_BYTES);
  });

  it('hold nothing per tenant in the root stack', () => {
    const root = stacks.find((s) => s.name === 'root')!;
    const perTenant = Object.values(root.Resources).filter((r) => /^AWS::(Cognito|SES)::/.test(r.Type) || r.Type === 'Custom::TenantSeed');
    expect(perTenant).toEqual([]);
    expect(JSON.stringify(root.Resources)).not.toMatch(/tenant-0\d{3}/);
    expect(JSON.stringify(root.Outputs)).not.toMatch(/tenant-0\d{3}/);
  });

  it("grant each trigger function one invoke, to Cognito for this account's pools, and nothing else an invoke of it", () => {
    const root = stacks.find((s) => s.name === 'root')!;
    const triggerIds = Object.entries(root.Resources)
      .filter(([id, r]) => r.Type === 'AWS::Lambda::Function' && /^TriggerSignin/.test(id))
      .map(([id]) => id);
    expect(triggerIds).toHaveLength(triggers.length);
    const permissions = all('AWS::Lambda::Permission');
    for (const fn of triggerIds) {
      const granted = permissions.filter((p) => JSON.stringify(p.resource.Properties!.FunctionName).includes(`"${fn}"`));
      expect(granted, fn).toHaveLength(1);
      expect(granted[0]!.resource.Properties).toEqual({
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [fn, 'Arn'] },
        Principal: 'cognito-idp.amazonaws.com',
        SourceAccount: { Ref: 'AWS::AccountId' },
        SourceArn: {
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cognito-idp:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':userpool/*']],
        },
      });
      // The resource policy Lambda stores for it: one statement.
      const p = granted[0]!.resource.Properties!;
      const policy = {
        Version: '2012-10-17',
        Id: 'default',
        Statement: [
          {
            Sid: `${'x'.repeat(100)}`,
            Effect: 'Allow',
            Principal: { Service: p.Principal },
            Action: p.Action,
            Resource: p.FunctionName,
            Condition: { StringEquals: { 'AWS:SourceAccount': p.SourceAccount }, ArnLike: { 'AWS:SourceArn': p.SourceArn } },
          },
        ],
      };
      const bytes = JSON.stringify(render(policy)).length;
      expect(bytes).toBeLessThan(LIMITS.lambdaPolicyBytes / 20);
    }
    // No pool, in any shard, adds a permission of its own; no other principal may invoke a trigger.
    expect(permissions.filter((p) => p.stack !== 'root' && p.resource.Properties!.Principal === 'cognito-idp.amazonaws.com')).toEqual([]);
    const onTriggers = permissions.filter((p) => triggerIds.some((fn) => JSON.stringify(p.resource.Properties!.FunctionName).includes(`"${fn}"`)));
    expect(onTriggers.map((p) => p.resource.Properties!.Principal)).toEqual(triggerIds.map(() => 'cognito-idp.amazonaws.com'));
    expect(all('AWS::Lambda::Url')).toEqual([]);
  });

  it("keep every role's policies free of per-tenant ARNs and under IAM's size limit", () => {
    const roles = all('AWS::IAM::Role');
    const attached = all('AWS::IAM::Policy');
    let largest = { name: '', chars: 0 };
    for (const { stack, id, resource } of roles) {
      const inline = ((resource.Properties!.Policies ?? []) as Array<{ PolicyDocument: unknown }>).map((p) => p.PolicyDocument);
      const extra = attached
        .filter((p) => p.stack === stack && JSON.stringify(p.resource.Properties!.Roles).includes(`"${id}"`))
        .map((p) => p.resource.Properties!.PolicyDocument);
      const documents = [...inline, ...extra];
      const chars = documents.reduce((n: number, d) => n + iamChars(d), 0);
      if (chars > largest.chars) largest = { name: `${stack}/${id}`, chars };
      expect(chars, `${stack}/${id}`).toBeLessThan(LIMITS.roleInlinePolicyChars);
      const rendered = JSON.stringify(documents);
      expect(rendered, `${stack}/${id}`).not.toMatch(/tenant-0\d{3}|UserPool[0-9A-F]{8}/);
      for (const statement of documents.flatMap((d) => (d as { Statement: Array<{ Action: unknown; Condition?: unknown }> }).Statement)) {
        if (JSON.stringify(statement.Action).includes('cognito-idp:')) {
          expect(statement.Condition).toEqual({ StringEquals: { [`aws:ResourceTag/${DEPLOYMENT_TAG_KEY}`]: 'Test' } });
        }
      }
    }
    console.log(`largest role policy: ${largest.name}, ${largest.chars} of ${LIMITS.roleInlinePolicyChars} characters`);
  });

  it('tag every pool, sender identity and configuration set for the roles, within SES and Cognito quotas', () => {
    const pools = all('AWS::Cognito::UserPool');
    const identities = all('AWS::SES::EmailIdentity');
    const configurationSets = all('AWS::SES::ConfigurationSet');
    console.log(
      `user pools ${pools.length}/${LIMITS.cognitoUserPoolsPerAccount}, SES identities ${identities.length}/${LIMITS.sesIdentitiesPerRegion}, configuration sets ${configurationSets.length}/${LIMITS.sesConfigurationSetsPerRegion}`,
    );
    expect(pools).toHaveLength(TENANTS);
    expect(pools.length).toBeLessThanOrEqual(LIMITS.cognitoUserPoolsPerAccount);
    expect(identities).toHaveLength(TENANTS / 2);
    expect(identities.length).toBeLessThan(LIMITS.sesIdentitiesPerRegion);
    expect(configurationSets.length).toBeLessThan(LIMITS.sesConfigurationSetsPerRegion);
    for (const { resource } of pools) expect(resource.Properties!.UserPoolTags).toEqual({ [DEPLOYMENT_TAG_KEY]: 'Test' });
    for (const { resource } of [...identities, ...configurationSets]) {
      expect(resource.Properties!.Tags).toEqual([{ Key: DEPLOYMENT_TAG_KEY, Value: 'Test' }]);
    }
  });
});

describe('a shard whose inline SAML metadata would not fit one template', () => {
  it('fails synth, naming the tenants to move to a metadata URL', () => {
    const metadataDocument = `<EntityDescriptor>${'<KeyDescriptor use="signing">MIIC...</KeyDescriptor>'.repeat(400)}</EntityDescriptor>`;
    const tenants = parseTenantConfig(
      Array.from({ length: SHARD_CAPACITY }, (_, i) => ({
        id: `big-${i}`,
        displayName: `Big ${i}`,
        mode: 'scim',
        adminEmails: [`admin@big-${i}.example`],
        sso: { type: 'saml', providerName: 'Entra', metadataDocument },
      })),
    );
    expect(() => assertTemplateBudget(1, tenants.slice(0, 10))).not.toThrow();
    expect(() => assertTemplateBudget(1, tenants)).toThrow(
      /Tenant shard 1 would need about \d+ KB of template, over CloudFormation's 1 MB: .*big-0 \(\d+ KB\)/,
    );
  });
});
